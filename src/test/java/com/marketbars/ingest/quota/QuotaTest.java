package com.marketbars.ingest.quota;

import com.marketbars.ingest.model.Limit;
import com.marketbars.ingest.model.Quota;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuotaTest {
    @Test
    void limitsAreKeptShortestPeriodFirst() {
        assertThat(Quota.parse("800/P1D, 30/PT1S, 200/PT1M").limits()).extracting(Limit::period)
                .containsExactly(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofDays(1));
        assertThat(Quota.parse("800/P1D, 30/PT1S").longestPeriod()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void noneIsNoQuotaAndBadTextIsRefusedSayingWhy() {
        assertThat(Quota.parse(" NONE ").isNone()).isTrue();
        assertThatThrownBy(() -> Quota.parse("200 per minute")).hasMessageContaining("REQUESTS/PERIOD");
        assertThatThrownBy(() -> Quota.parse("x/PT1M")).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> Quota.parse("200/1m")).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> Quota.parse("0/PT1M")).hasMessageContaining("at least one request");
        assertThatThrownBy(() -> Quota.parse("1/P32D")).hasMessageContaining("P31D");
        assertThatThrownBy(() -> Quota.parse("200/PT1M, 100/PT60S")).hasMessageContaining("two limits per PT1M");
    }

    @Test
    void theVendorsFigureEqualToALimitIsThatLimitAndChangesNothing() {
        Quota q = Quota.parse("3/PT1S, 20/PT10S");
        assertThat(q.withVendorLimit(3)).isEqualTo(q);
        assertThat(q.withVendorLimit(20)).isEqualTo(q);
    }

    @Test
    void theVendorsFigureLowersTheLimitItIsNearestBelowAndNeverRaisesOne() {
        Quota q = Quota.parse("30/PT1S, 200/PT1M");
        assertThat(q.withVendorLimit(150)).hasToString("30/PT1S, 150/PT1M");
        assertThat(q.withVendorLimit(25)).hasToString("25/PT1S, 200/PT1M");
        assertThat(q.withVendorLimit(500)).isEqualTo(q);
        assertThat(q.withVendorLimit(0)).isEqualTo(q);
        assertThat(Quota.parse("200/PT1M").withVendorLimit(100)).hasToString("100/PT1M");
    }
}
