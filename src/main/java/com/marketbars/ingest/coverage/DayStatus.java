package com.marketbars.ingest.coverage;

/** What a cell of the coverage grid stands for, before any count: whether the feed had anything to hold that day. */
public enum DayStatus {
    /** The day lies, at least in part, within the symbol's ingested history: its counts say how complete it is. */
    INGESTED,
    /** The feed never reached the day for this symbol (before its first bar's day, or at or past its checkpoint). */
    NOT_INGESTED,
    /** The exchange's calendar has no session: a stock feed's weekend or exchange holiday (docs/calendar.md). */
    NO_SESSION
}
