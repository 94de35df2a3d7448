package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.settings.QualitySettings;
import com.marketbars.ingest.errors.FailureClassifier;
import com.marketbars.ingest.errors.FailureKind;
import com.marketbars.ingest.errors.VendorContractException;
import com.marketbars.ingest.model.QualityRule;
import com.marketbars.ingest.model.Rejection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class StormGuardTest {
    private final StormGuard defaults = new StormGuard(new QualitySettings(0.5, 5));

    @Test
    void aPageWhoseBarsAllBreakTheContractIsAStormNamingTheRuleTheCountAndAnExampleBar() {
        BarPage page = page(0, rejections(390, QualityRule.MISSING_FIELD));

        VendorContractException e = catchThrowableOfType(VendorContractException.class, () -> defaults.check(page));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("refused 390 of 390 bars of a page (MISSING_FIELD 390)", "a broken vendor contract",
                "e.g. AAA MISSING_FIELD {\"t\":\"2026-11-24T14:30:00Z\",\"close\":1.5}");
        assertThat(FailureKind.of(e)).isEqualTo(FailureKind.VENDOR_CONTRACT);
    }

    @Test
    void aHandfulOfBadBarsIsNoStorm() {
        // 4 of 400: quarantined one by one as always
        assertThatCode(() -> defaults.check(page(396, rejections(4, QualityRule.NOT_A_NUMBER)))).doesNotThrowAnyException();
    }

    @Test
    void aShortPageWithTwoBadBarsOfThreeIsNoStormBecauseItHasFewerThanTheMinimum() {
        assertThat(defaults.isStorm(2, 3)).isFalse();
        assertThatCode(() -> defaults.check(page(1, rejections(2, QualityRule.PRICE_RANGE)))).doesNotThrowAnyException();
    }

    @Test
    void theShareIsAtLeastItsValueAndTheMinimumIsACountOfRefusedBars() {
        assertThat(defaults.isStorm(5, 10)).as("half, five").isTrue();
        assertThat(defaults.isStorm(4, 8)).as("half, but four").isFalse();
        assertThat(defaults.isStorm(5, 11)).as("five, under half").isFalse();
        assertThat(defaults.isStorm(0, 0)).isFalse();
        StormGuard everyBar = new StormGuard(new QualitySettings(1.0, 1));
        assertThat(everyBar.isStorm(1, 1)).isTrue();
        assertThat(everyBar.isStorm(9_999, 10_000)).isFalse();
    }

    @Test
    void theMessageNamesTheMostFrequentRulesFirstAndCutsALongExampleBar() {
        List<Rejection> rejected = new ArrayList<>();
        rejected.add(new Rejection("AAB", "t", "{\"x\":\"" + "y".repeat(5_000) + "\"}", QualityRule.MISSING_FIELD, null));
        rejected.add(new Rejection("AAB", "t", "{}", QualityRule.BAD_TIMESTAMP, null));
        rejected.addAll(rejections(3, QualityRule.PRICE_RANGE));
        rejected.addAll(rejections(7, QualityRule.NOT_A_NUMBER));

        String m = StormGuard.describe(rejected, 12);

        assertThat(m).contains("refused 12 of 12 bars of a page (NOT_A_NUMBER 7, PRICE_RANGE 3, ");
        assertThat(m).contains(", ...)").contains("e.g. AAB MISSING_FIELD {\"x\":\"yyy").endsWith("y...");
        assertThat(FailureClassifier.reason(new VendorContractException(m))).as("the DLQ reason keeps all of it")
                .isEqualTo("VendorContractException: " + m).hasSizeLessThanOrEqualTo(300);
    }

    /**
     * A page of {@code good} kept bars and these rejections. The guard counts bars and never reads a kept one, so they
     * are nulls: the spec does not depend on the shape of {@link Bar}.
     */
    private static BarPage page(int good, List<Rejection> rejected) {
        return new BarPage(Collections.<Bar>nCopies(good, null), rejected, null);
    }

    private static List<Rejection> rejections(int n, QualityRule rule) {
        List<Rejection> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Rejection("AAA", "2026-11-24T14:30:00Z", "{\"t\":\"2026-11-24T14:30:00Z\",\"close\":1.5}", rule, null));
        }
        return out;
    }
}
