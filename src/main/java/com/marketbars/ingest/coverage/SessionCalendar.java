package com.marketbars.ingest.coverage;

import com.marketbars.ingest.checkpoint.Timeframe;
import com.marketbars.ingest.config.FeedSettings;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Which bars a feed's vendor is expected to have on a UTC day: its provider's session on the feed's timeframe. Stocks
 * ({@code alpaca-stocks}, {@code massive-stocks}) trade in the regular New York session, 09:30-16:00
 * America/New_York, Monday to Friday; pairs ({@code alpaca-crypto}) at every minute of every day. A bar is expected at
 * each start of the feed's timeframe whose interval overlaps the session: every session minute, every UTC hour that
 * overlaps it, every UTC day that has one. The calendar knows no holidays: {@link Coverage} takes a weekday on which
 * the feed holds nothing for one.
 */
final class SessionCalendar {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalTime OPEN = LocalTime.of(9, 30);
    private static final LocalTime CLOSE = LocalTime.of(16, 0);

    private final boolean everyDay;
    private final Timeframe timeframe;
    private final long step;

    SessionCalendar(boolean everyDay, Timeframe timeframe) {
        this.everyDay = everyDay;
        this.timeframe = timeframe;
        this.step = timeframe.duration().toMillis();
    }

    static SessionCalendar of(FeedSettings feed) {
        return new SessionCalendar(feed.provider().tradesPairs(), feed.plan().timeframe());
    }

    /** True for a stock calendar, whose weekdays may be market holidays it does not know. */
    boolean mayHaveHolidays() {
        return !everyDay;
    }

    /** The starts of the day's expected bars as [from, to) on the timeframe's grid; empty on a stock feed's weekend. */
    Optional<TimeRange> session(LocalDate day) {
        Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        if (everyDay) {
            return Optional.of(new TimeRange(midnight, midnight.plus(java.time.Duration.ofDays(1))));
        }
        if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            return Optional.empty();
        }
        // a New York session never crosses a UTC midnight, so the UTC day's session is its New York date's
        return Optional.of(new TimeRange(floor(day.atTime(OPEN).atZone(NEW_YORK).toInstant()),
                ceil(day.atTime(CLOSE).atZone(NEW_YORK).toInstant())));
    }

    /** The start of the bar of the feed's timeframe that {@code t} lies in (epoch-aligned, as the feed's cursors are). */
    Instant floor(Instant t) {
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), step) * step);
    }

    Instant ceil(Instant t) {
        return Instant.ofEpochMilli(-Math.floorDiv(-t.toEpochMilli(), step) * step);
    }

    /** The next bar's start after the bar starting at {@code t}. */
    Instant next(Instant t) {
        return t.plusMillis(step);
    }

    /** How many bar starts of the timeframe lie in the range. */
    int bars(TimeRange r) {
        return r.isEmpty() ? 0 : Math.toIntExact((ceil(r.to()).toEpochMilli() - ceil(r.from()).toEpochMilli()) / step);
    }

    /** Where a cell's expected count comes from, in a sentence (the grid's {@code expectedFrom}). */
    String describe() {
        String session = "the regular New York session (09:30-16:00 America/New_York, Monday to Friday; a weekday on which "
                + "the feed holds no bar, quarantined bar or DLQ row of any symbol counts as a holiday)";
        String expected = everyDay ? "every " + timeframe + " bar of every day (24/7)" : switch (timeframe) {
            case ONE_MINUTE -> "each minute of " + session;
            case ONE_HOUR -> "each UTC hour that overlaps " + session;
            case ONE_DAY -> "each UTC day that has " + session;
        };
        return "Session calendar: " + expected + ", from the UTC day of a symbol's first bar to its checkpoint "
                + "(without one: to the end of its last bar's day).";
    }
}
