package com.marketbars.ingest.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * When an exchange trades: its session on each of its dates, and why it does not on the others. Dates are the
 * exchange's own ({@link #zone()}): New York dates for NYSE, UTC dates for crypto.
 */
public interface ExchangeCalendar {

    /** The zone whose dates name the sessions. */
    ZoneId zone();

    /** The date's session; empty when the exchange does not trade that day. */
    Optional<Session> session(LocalDate date);

    /** Why the exchange does not trade on the date ("Sunday", "Thanksgiving Day", "Hurricane Sandy"); empty on a session day. */
    Optional<String> closedReason(LocalDate date);

    default boolean isSessionDay(LocalDate date) {
        return session(date).isPresent();
    }

    /** The regular minutes of the date: 0 on a day without a session. */
    default int expectedMinutes(LocalDate date) {
        return session(date).map(Session::regularMinutes).orElse(0);
    }

    /** The last session day strictly before {@code date}. */
    default LocalDate previousSessionDay(LocalDate date) {
        LocalDate d = date.minusDays(1);
        while (!isSessionDay(d)) {
            d = d.minusDays(1);
        }
        return d;
    }

    /** The first session day strictly after {@code date}. */
    default LocalDate nextSessionDay(LocalDate date) {
        LocalDate d = date.plusDays(1);
        while (!isSessionDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    /**
     * The newest session whose regular close is at or before {@code now}: the last day whose expected bars are all
     * due (a first run's default start). Its after-hours may still be running.
     */
    default Session lastCompleteSessionBefore(Instant now) {
        LocalDate d = LocalDate.ofInstant(now, zone());
        while (true) {
            Optional<Session> s = session(d);
            if (s.isPresent() && !s.get().close().isAfter(now)) {
                return s.get();
            }
            d = d.minusDays(1);
        }
    }
}
