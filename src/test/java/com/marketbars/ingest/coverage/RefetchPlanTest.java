package com.marketbars.ingest.coverage;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Specs of {@link RefetchPlan}: each window with a gap asked for once, over the smallest range that covers its gaps. */
class RefetchPlanTest {
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void consecutive_windows_with_the_same_symbols_are_one_job_from_the_first_gap_to_the_end_of_the_last() {
        Map<String, List<Gap>> gaps = new LinkedHashMap<>();
        gaps.put("AAB", List.of(gap("AAB", "2026-11-19T16:00:00Z", 1), gap("AAB", "2026-11-20T18:00:00Z", 3)));
        gaps.put("AAA", List.of(gap("AAA", "2026-11-19T14:31:00Z", 1), gap("AAA", "2026-11-19T20:10:00Z", 2),
                gap("AAA", "2026-11-20T15:00:00Z", 10), gap("AAA", "2026-11-23T14:30:00Z", 390)));

        RefetchPlan plan = RefetchPlan.of(gaps, DAY);

        assertThat(plan.jobs()).containsExactly(
                new RefetchPlan.Job(List.of("AAA", "AAB"), t("2026-11-19T14:31:00Z"), t("2026-11-20T18:03:00Z")),
                new RefetchPlan.Job(List.of("AAA"), t("2026-11-23T14:30:00Z"), t("2026-11-23T21:00:00Z")));
        assertThat(plan.windows()).isEqualTo(3);
    }

    @Test
    void a_window_without_a_gap_is_never_asked_for_and_other_symbols_make_another_job() {
        Map<String, List<Gap>> gaps = Map.of(
                "AAA", List.of(gap("AAA", "2026-11-19T15:00:00Z", 1), gap("AAA", "2026-11-23T15:00:00Z", 1)),
                "AAB", List.of(gap("AAB", "2026-11-20T15:00:00Z", 1)));

        RefetchPlan plan = RefetchPlan.of(gaps, DAY);

        assertThat(plan.jobs()).extracting(RefetchPlan.Job::symbols)
                .containsExactly(List.of("AAA"), List.of("AAB"), List.of("AAA"));
        assertThat(plan.windows()).isEqualTo(3);
    }

    @Test
    void a_gap_over_a_window_line_is_asked_for_in_both_windows_and_a_longer_window_takes_more_gaps_in_one() {
        Map<String, List<Gap>> overMidnight = Map.of("BTC/USD", List.of(gap("BTC/USD", "2026-11-20T23:50:00Z", 20)));
        Map<String, List<Gap>> week = Map.of("AAA", List.of(gap("AAA", "2026-11-19T15:00:00Z", 1), gap("AAA", "2026-11-20T15:00:00Z", 1)));

        assertThat(RefetchPlan.of(overMidnight, DAY).jobs())
                .containsExactly(new RefetchPlan.Job(List.of("BTC/USD"), t("2026-11-20T23:50:00Z"), t("2026-11-21T00:10:00Z")));
        assertThat(RefetchPlan.of(overMidnight, DAY).windows()).isEqualTo(2);
        assertThat(RefetchPlan.of(week, Duration.ofDays(7)).windows()).isEqualTo(1);
        assertThat(RefetchPlan.of(Map.of(), DAY).jobs()).isEmpty();
    }

    private static Gap gap(String symbol, String from, int minutes) {
        return new Gap(symbol, t(from), t(from).plus(Duration.ofMinutes(minutes)), minutes);
    }

    private static Instant t(String s) {
        return Instant.parse(s);
    }
}
