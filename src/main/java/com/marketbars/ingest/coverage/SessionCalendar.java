package com.marketbars.ingest.coverage;

import com.marketbars.ingest.calendar.ExchangeCalendar;
import com.marketbars.ingest.calendar.TimeSpan;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.settings.FeedSettings;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * Which bars a feed's vendor is expected to have on a UTC day: the regular session of its exchange's calendar
 * ({@link com.marketbars.ingest.model.Provider#calendar()}) on the feed's timeframe. Stocks trade in NYSE's
 * sessions - 09:30-16:00 America/New_York, 13:00 on an early close, none on a weekend or an exchange holiday
 * (docs/calendar.md); pairs at every minute of every day. A bar is expected at each start of the feed's timeframe
 * whose interval overlaps the regular session: every session minute, every UTC hour that overlaps it, every UTC day
 * that has one. Extended-hours bars (pre-market from 04:00, after-hours to 20:00 New York) are stored and counted
 * apart, never expected: a vendor may or may not serve them, and thin ones have minutes without a trade.
 * <p>
 * One instance a read (not shared between threads): it keeps each day's answers.
 */
final class SessionCalendar {
    private final ExchangeCalendar exchange;
    private final boolean everyDay;
    private final Timeframe timeframe;
    private final long step;
    // a read of the whole market asks for the same few days once per symbol: each day's answer is worked out once
    private final Map<LocalDate, Optional<TimeRange>> sessions = new HashMap<>();
    private final Map<LocalDate, List<TimeRange>> extended = new HashMap<>();

    SessionCalendar(ExchangeCalendar exchange, boolean everyDay, Timeframe timeframe) {
        this.exchange = exchange;
        this.everyDay = everyDay;
        this.timeframe = timeframe;
        this.step = timeframe.duration().toMillis();
    }

    static SessionCalendar of(FeedSettings feed) {
        return new SessionCalendar(feed.provider().calendar(), feed.provider().tradesPairs(), feed.plan().timeframe());
    }

    /** The starts of the day's expected bars as [from, to) on the timeframe's grid; empty when the exchange is closed. */
    Optional<TimeRange> session(LocalDate day) {
        // a New York regular session never crosses a UTC midnight, so the UTC day's session is its New York date's
        return sessions.computeIfAbsent(day, d -> exchange.session(d).map(s -> new TimeRange(floor(s.open()), ceil(s.close()))));
    }

    /**
     * The ranges of the UTC day's extended-hours bar starts (pre-market and after-hours, the New York date's and the
     * tail of the previous date's after-hours past UTC midnight), on the minute grid; none for crypto, and none for
     * hour and day feeds, whose bars overlap the regular session and are expected whole.
     */
    List<TimeRange> extendedHours(LocalDate day) {
        return extended.computeIfAbsent(day, this::workOutExtendedHours);
    }

    private List<TimeRange> workOutExtendedHours(LocalDate day) {
        if (everyDay || timeframe != Timeframe.ONE_MINUTE) {
            return List.of();
        }
        TimeRange utcDay = new TimeRange(day.atStartOfDay(ZoneOffset.UTC).toInstant(),
                day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        List<TimeRange> out = new ArrayList<>();
        exchange.session(day.minusDays(1)).ifPresent(s -> add(out, s.afterHours(), utcDay));
        exchange.session(day).ifPresent(s -> {
            add(out, s.preMarket(), utcDay);
            add(out, s.afterHours(), utcDay);
        });
        return List.copyOf(out);
    }

    private static void add(List<TimeRange> out, TimeSpan span, TimeRange utcDay) {
        TimeRange r = new TimeRange(span.from(), span.to()).intersect(utcDay);
        if (!r.isEmpty()) {
            out.add(r);
        }
    }

    /** Why the exchange does not trade on the day ("Thanksgiving Day", "Saturday"); empty on a session day. */
    Optional<String> closedReason(LocalDate day) {
        return exchange.closedReason(day);
    }

    /** The start of the bar of the feed's timeframe that {@code t} lies in (epoch-aligned, as the feed's cursors are). */
    Instant floor(Instant t) {
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), step) * step);
    }

    Instant ceil(Instant t) {
        return Instant.ofEpochMilli(-Math.floorDiv(-t.toEpochMilli(), step) * step);
    }

    /** How long one bar of the feed's timeframe is. */
    java.time.Duration barLength() {
        return timeframe.duration();
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
        String session = "the regular NYSE session (09:30-16:00 America/New_York, 13:00 on an early close; no session on "
                + "weekends and exchange holidays; extended-hours bars are stored and shown, never expected)";
        String expected = everyDay ? "every " + timeframe + " bar of every day (24/7)" : switch (timeframe) {
            case ONE_MINUTE -> "each minute of " + session;
            case ONE_HOUR -> "each UTC hour that overlaps " + session;
            case ONE_DAY -> "each UTC day that has " + session;
        };
        return "Session calendar: " + expected + ", from the UTC day of a symbol's first bar to its checkpoint "
                + "(without one: to the end of its last bar's day).";
    }
}
