package com.marketbars.ingest.calendar;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** Crypto trades every minute of every day: one UTC day a session, holidays and weekends included. */
class AlwaysOpenCalendarTest {
    private final AlwaysOpenCalendar crypto = new AlwaysOpenCalendar();

    @Test
    void every_utc_day_is_a_whole_session_without_extended_hours() {
        for (String date : new String[] {"2026-11-26", "2026-11-28", "2026-12-25", "2026-03-08"}) {
            LocalDate day = LocalDate.parse(date);
            Session s = crypto.session(day).orElseThrow();

            assertThat(s.regular()).as(date).isEqualTo(new TimeSpan(Instant.parse(date + "T00:00:00Z"),
                    Instant.parse(day.plusDays(1) + "T00:00:00Z")));
            assertThat(s.extended()).as(date).isEqualTo(s.regular());
            assertThat(s.earlyClose()).isFalse();
            assertThat(crypto.expectedMinutes(day)).isEqualTo(1440);
            assertThat(s.expectedBars(Duration.ofHours(1))).isEqualTo(24);
            assertThat(s.expectedBars(Duration.ofDays(1))).isEqualTo(1);
            assertThat(crypto.closedReason(day)).isEmpty();
        }
    }

    @Test
    void the_last_complete_session_is_the_utc_day_before_now() {
        assertThat(crypto.lastCompleteSessionBefore(Instant.parse("2026-12-07T05:00:00Z")).date())
                .isEqualTo(LocalDate.parse("2026-12-06"));
        assertThat(crypto.lastCompleteSessionBefore(Instant.parse("2026-12-07T00:00:00Z")).date())
                .as("at midnight the day before has just closed").isEqualTo(LocalDate.parse("2026-12-06"));
        assertThat(crypto.previousSessionDay(LocalDate.parse("2026-12-26"))).isEqualTo(LocalDate.parse("2026-12-25"));
    }
}
