package com.marketbars.ingest.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One trading day of an exchange. The regular session [open, close) is what a feed is expected to hold in full;
 * the extended hours around it, pre-market [preMarketOpen, open) and after-hours [close, afterHoursClose), are bars a
 * vendor may serve (Alpaca's stock bars include them) that are stored and shown but never counted as missing.
 * A calendar without extended hours (crypto) has {@code preMarketOpen == open} and {@code afterHoursClose == close}.
 *
 * <p>{@code date} is the exchange's own date (New York for NYSE, UTC for crypto). A New York regular session lies
 * within the UTC day of the same date; its after-hours do not: 20:00 New York is 00:00 or 01:00 UTC the next day.
 */
public record Session(LocalDate date, Instant preMarketOpen, Instant open, Instant close, Instant afterHoursClose,
                      boolean earlyClose) {

    public Session {
        if (open.isBefore(preMarketOpen) || !close.isAfter(open) || afterHoursClose.isBefore(close)) {
            throw new IllegalArgumentException("a session runs pre-market <= open < close <= after-hours close, not "
                    + preMarketOpen + ", " + open + ", " + close + ", " + afterHoursClose + " on " + date);
        }
    }

    /** [open, close): the bars a feed is expected to hold. */
    public TimeSpan regular() {
        return new TimeSpan(open, close);
    }

    /** [preMarketOpen, afterHoursClose): every bar of the day, the regular session included. */
    public TimeSpan extended() {
        return new TimeSpan(preMarketOpen, afterHoursClose);
    }

    public TimeSpan preMarket() {
        return new TimeSpan(preMarketOpen, open);
    }

    public TimeSpan afterHours() {
        return new TimeSpan(close, afterHoursClose);
    }

    /** True for a bar starting in the regular session. */
    public boolean isRegular(Instant barStart) {
        return regular().contains(barStart);
    }

    /** True for a bar starting in the pre-market or after-hours: stored and shown, never expected. */
    public boolean isExtendedHours(Instant barStart) {
        return extended().contains(barStart) && !isRegular(barStart);
    }

    /** The regular session's length in minutes: 390 on a full NYSE day, 210 on an early close, 1,440 for crypto. */
    public int regularMinutes() {
        return Math.toIntExact(regular().duration().toMinutes());
    }

    /** How many bars of the timeframe a feed is expected to hold: those on the epoch-aligned grid overlapping the regular session. */
    public long expectedBars(Duration barLength) {
        return regular().barsOverlapping(barLength);
    }
}
