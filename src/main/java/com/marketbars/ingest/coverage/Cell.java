package com.marketbars.ingest.coverage;

import java.time.LocalDate;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One symbol on one UTC day of a feed.
 *
 * @param expected     the bars the calendar expects of the day within the symbol's ingested history (0 when the day
 *                     is {@link DayStatus#NOT_INGESTED} or has {@link DayStatus#NO_SESSION})
 * @param stored       the feed's bars on those expected bar starts
 * @param quarantined  rows of {@code data_quality} of the feed for the symbol on the day (by the day of their {@code ts})
 * @param deadLettered expected bars of the day whose request waits in a DLQ row of the feed (some of them may be stored,
 *                     from pages read before the request failed)
 * @param gaps         the day's missing ranges; {@link Coverage#grid} leaves them empty, {@link Coverage#gaps} gives them
 * @param status       whether the feed had anything to hold that day
 * @param extendedHours stored bars of the day outside the regular session (a stock feed's pre-market and after-hours):
 *                     shown, never expected, so never missing
 */
public record Cell(String symbol, LocalDate day, int expected, int stored, int quarantined, int deadLettered, List<Gap> gaps,
                   DayStatus status, int extendedHours) {

    public Cell {
        gaps = List.copyOf(gaps);
    }

    /** A cell of an ingested day. */
    public Cell(String symbol, LocalDate day, int expected, int stored, int quarantined, int deadLettered, List<Gap> gaps) {
        this(symbol, day, expected, stored, quarantined, deadLettered, gaps, DayStatus.INGESTED, 0);
    }

    /** The share of the expected bars that is stored, or empty when nothing was expected. */
    public OptionalDouble share() {
        return expected == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) stored / expected);
    }

    /** Expected bars that are not stored. */
    public int missing() {
        return expected - stored;
    }
}
