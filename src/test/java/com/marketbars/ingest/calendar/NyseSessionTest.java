package com.marketbars.ingest.calendar;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hours of an NYSE session: regular 09:30-16:00 New York (13:00 on an early close), pre-market from 04:00,
 * after-hours to 20:00 (17:00 on an early close), in UTC across daylight saving time.
 */
class NyseSessionTest {
    private static final LocalDate TUESDAY = LocalDate.parse("2026-11-24");
    private static final LocalDate THANKSGIVING = LocalDate.parse("2026-11-26");
    private static final LocalDate DAY_AFTER_THANKSGIVING = LocalDate.parse("2026-11-27");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    private final NyseCalendar nyse = new NyseCalendar();

    @Test
    void a_winter_day_trades_1430_to_2100_utc_with_extended_hours_from_0900_to_0100_the_next_day() {
        Session s = nyse.session(TUESDAY).orElseThrow();

        assertThat(s.date()).isEqualTo(TUESDAY);
        assertThat(s.preMarketOpen()).isEqualTo("2026-11-24T09:00:00Z");
        assertThat(s.open()).isEqualTo("2026-11-24T14:30:00Z");
        assertThat(s.close()).isEqualTo("2026-11-24T21:00:00Z");
        assertThat(s.afterHoursClose()).isEqualTo("2026-11-25T01:00:00Z");
        assertThat(s.earlyClose()).isFalse();
        assertThat(s.regularMinutes()).isEqualTo(390);
        assertThat(nyse.expectedMinutes(TUESDAY)).isEqualTo(390);
    }

    @Test
    void a_summer_day_trades_an_hour_earlier_in_utc() {
        Session s = nyse.session(LocalDate.parse("2026-07-02")).orElseThrow();

        assertThat(s.preMarketOpen()).isEqualTo("2026-07-02T08:00:00Z");
        assertThat(s.regular()).isEqualTo(span("2026-07-02T13:30:00Z", "2026-07-02T20:00:00Z"));
        assertThat(s.afterHoursClose()).isEqualTo("2026-07-03T00:00:00Z");
        assertThat(s.earlyClose()).as("July 2 before a Friday July 3 holiday is a full day").isFalse();
    }

    @Test
    void the_session_moves_in_utc_when_new_york_changes_its_clocks() {
        // daylight saving time begins Sunday 2026-03-08 and ends Sunday 2026-11-01
        assertThat(nyse.session(LocalDate.parse("2026-03-06")).orElseThrow().open()).isEqualTo("2026-03-06T14:30:00Z");
        assertThat(nyse.session(LocalDate.parse("2026-03-09")).orElseThrow().open()).isEqualTo("2026-03-09T13:30:00Z");
        assertThat(nyse.session(LocalDate.parse("2026-10-30")).orElseThrow().open()).isEqualTo("2026-10-30T13:30:00Z");
        assertThat(nyse.session(LocalDate.parse("2026-11-02")).orElseThrow().open()).isEqualTo("2026-11-02T14:30:00Z");
        assertThat(nyse.expectedMinutes(LocalDate.parse("2026-03-09"))).isEqualTo(390);
    }

    @Test
    void an_early_close_ends_the_regular_session_at_1300_and_the_after_hours_at_1700() {
        Session s = nyse.session(DAY_AFTER_THANKSGIVING).orElseThrow();

        assertThat(s.earlyClose()).isTrue();
        assertThat(s.open()).isEqualTo("2026-11-27T14:30:00Z");
        assertThat(s.close()).isEqualTo("2026-11-27T18:00:00Z");
        assertThat(s.afterHoursClose()).isEqualTo("2026-11-27T22:00:00Z");
        assertThat(s.regularMinutes()).isEqualTo(210);
        assertThat(nyse.expectedMinutes(DAY_AFTER_THANKSGIVING)).isEqualTo(210);

        Session summer = nyse.session(LocalDate.parse("2025-07-03")).orElseThrow();
        assertThat(summer.close()).isEqualTo("2025-07-03T17:00:00Z");
        assertThat(summer.afterHoursClose()).isEqualTo("2025-07-03T21:00:00Z");
    }

    @Test
    void a_holiday_has_no_session_and_no_expected_minutes() {
        assertThat(nyse.session(THANKSGIVING)).isEmpty();
        assertThat(nyse.isSessionDay(THANKSGIVING)).isFalse();
        assertThat(nyse.expectedMinutes(THANKSGIVING)).isZero();
        assertThat(nyse.closedReason(THANKSGIVING)).contains("Thanksgiving Day");
        assertThat(nyse.closedReason(TUESDAY)).isEmpty();
    }

    @Test
    void expected_bars_are_those_of_the_timeframe_that_overlap_the_regular_session() {
        Session full = nyse.session(TUESDAY).orElseThrow();
        Session early = nyse.session(DAY_AFTER_THANKSGIVING).orElseThrow();

        assertThat(full.expectedBars(MINUTE)).isEqualTo(390);
        assertThat(full.expectedBars(HOUR)).as("14:00 to 20:00 UTC").isEqualTo(7);
        assertThat(full.regular().onGrid(HOUR)).isEqualTo(span("2026-11-24T14:00:00Z", "2026-11-24T21:00:00Z"));
        assertThat(full.expectedBars(DAY)).isEqualTo(1);
        assertThat(early.expectedBars(MINUTE)).isEqualTo(210);
        assertThat(early.expectedBars(HOUR)).as("14:00 to 17:00 UTC").isEqualTo(4);
        assertThat(early.expectedBars(DAY)).isEqualTo(1);
    }

    @Test
    void a_bar_is_regular_extended_hours_or_outside_the_day() {
        Session s = nyse.session(TUESDAY).orElseThrow();

        assertThat(s.isRegular(Instant.parse("2026-11-24T14:30:00Z"))).isTrue();
        assertThat(s.isRegular(Instant.parse("2026-11-24T20:59:00Z"))).isTrue();
        assertThat(s.isRegular(Instant.parse("2026-11-24T21:00:00Z"))).isFalse();
        assertThat(s.isExtendedHours(Instant.parse("2026-11-24T09:00:00Z"))).as("first pre-market minute").isTrue();
        assertThat(s.isExtendedHours(Instant.parse("2026-11-24T14:29:00Z"))).as("last pre-market minute").isTrue();
        assertThat(s.isExtendedHours(Instant.parse("2026-11-24T14:30:00Z"))).as("the open").isFalse();
        assertThat(s.isExtendedHours(Instant.parse("2026-11-24T21:00:00Z"))).as("first after-hours minute").isTrue();
        assertThat(s.isExtendedHours(Instant.parse("2026-11-25T00:59:00Z"))).as("last after-hours minute").isTrue();
        assertThat(s.isExtendedHours(Instant.parse("2026-11-25T01:00:00Z"))).isFalse();
        assertThat(s.isExtendedHours(Instant.parse("2026-11-24T08:59:00Z"))).isFalse();
        assertThat(s.preMarket().duration()).isEqualTo(Duration.ofMinutes(330));
        assertThat(s.afterHours().duration()).isEqualTo(Duration.ofHours(4));
        assertThat(s.extended()).isEqualTo(span("2026-11-24T09:00:00Z", "2026-11-25T01:00:00Z"));
    }

    @Test
    void the_last_complete_session_is_the_newest_whose_regular_close_has_passed() {
        assertThat(nyse.lastCompleteSessionBefore(Instant.parse("2026-11-27T18:00:00Z")).date())
                .as("at the early close itself").isEqualTo(DAY_AFTER_THANKSGIVING);
        assertThat(nyse.lastCompleteSessionBefore(Instant.parse("2026-11-27T17:59:00Z")).date())
                .as("a minute before it, past Thanksgiving").isEqualTo(LocalDate.parse("2026-11-25"));
        assertThat(nyse.lastCompleteSessionBefore(Instant.parse("2026-11-30T12:00:00Z")).date())
                .as("Monday morning, past the weekend").isEqualTo(DAY_AFTER_THANKSGIVING);
        assertThat(nyse.lastCompleteSessionBefore(Instant.parse("2026-01-02T03:00:00Z")).date())
                .as("New Year's evening in New York, already January 2 in UTC").isEqualTo(LocalDate.parse("2025-12-31"));
    }

    @Test
    void the_previous_and_next_session_days_skip_weekends_and_holidays() {
        assertThat(nyse.previousSessionDay(DAY_AFTER_THANKSGIVING)).isEqualTo(LocalDate.parse("2026-11-25"));
        assertThat(nyse.previousSessionDay(LocalDate.parse("2026-01-05"))).isEqualTo(LocalDate.parse("2026-01-02"));
        assertThat(nyse.previousSessionDay(LocalDate.parse("2026-01-02"))).isEqualTo(LocalDate.parse("2025-12-31"));
        assertThat(nyse.nextSessionDay(LocalDate.parse("2026-12-24"))).isEqualTo(LocalDate.parse("2026-12-28"));
        assertThat(nyse.nextSessionDay(LocalDate.parse("2012-10-26"))).as("past Hurricane Sandy")
                .isEqualTo(LocalDate.parse("2012-10-31"));
    }

    @Test
    void dates_before_2000_are_refused_naming_the_range() {
        assertThatThrownBy(() -> nyse.session(LocalDate.parse("1999-12-31")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2000-01-01").hasMessageContaining("1999-12-31");
        assertThatThrownBy(() -> nyse.closedWeekdays(1999)).isInstanceOf(IllegalArgumentException.class);
        assertThat(nyse.session(LocalDate.parse("2000-01-03"))).as("the first session it knows").isPresent();
        assertThat(nyse.session(LocalDate.parse("2050-06-01"))).as("rules have no end").isPresent();
    }

    private static TimeSpan span(String from, String to) {
        return new TimeSpan(Instant.parse(from), Instant.parse(to));
    }
}
