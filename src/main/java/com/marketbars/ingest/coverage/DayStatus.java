package com.marketbars.ingest.coverage;

/** What a cell of the coverage grid stands for, before any count: whether the feed had anything to hold that day. */
public enum DayStatus {
    /** The day lies, at least in part, within the symbol's ingested history: its counts say how complete it is. */
    INGESTED,
    /** The feed never reached the day for this symbol (before its first bar's day, or at or past its checkpoint). */
    NOT_INGESTED,
    /**
     * The calendar has no session: a weekend of a stock feed, or a weekday on which the feed holds nothing at all - no
     * bar, no quarantined bar, no DLQ row of any symbol - which is most likely a market holiday.
     */
    NO_SESSION
}
