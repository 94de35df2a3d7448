package com.marketbars.ingest.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * When in [from, to) a vendor may have bars of this exchange: each session's whole span, pre-market open to
     * after-hours close, clipped to the range, in order; empty when the exchange trades at no time of it (a weekend,
     * a holiday, a night). A New York session's after-hours reach past the next UTC midnight, so the session of the
     * date before {@code from} is looked at too.
     *
     * @throws IllegalArgumentException for a date the calendar does not know (NYSE: before 2000)
     */
    default List<TimeSpan> tradingSpans(Instant from, Instant to) {
        List<TimeSpan> out = new ArrayList<>();
        LocalDate last = LocalDate.ofInstant(to, zone());
        for (LocalDate d = LocalDate.ofInstant(from, zone()).minusDays(1); !d.isAfter(last); d = d.plusDays(1)) {
            session(d).ifPresent(s -> {
                Instant a = s.preMarketOpen().isAfter(from) ? s.preMarketOpen() : from;
                Instant b = s.afterHoursClose().isBefore(to) ? s.afterHoursClose() : to;
                if (a.isBefore(b)) {
                    out.add(new TimeSpan(a, b));
                }
            });
        }
        return out;
    }
}
