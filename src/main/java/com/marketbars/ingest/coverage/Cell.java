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
 * @param thin         expected bars the vendor answered for without a bar (minutes without a trade): nothing to fetch,
 *                     not missing
 * @param lost         expected bars the vendor served that are not stored (deleted since, or quarantined): missing
 */
public record Cell(String symbol, LocalDate day, int expected, int stored, int quarantined, int deadLettered, List<Gap> gaps,
                   DayStatus status, int extendedHours, int thin, int lost) {

    public Cell {
        gaps = List.copyOf(gaps);
    }

    /** A cell of an ingested day. */
    public Cell(String symbol, LocalDate day, int expected, int stored, int quarantined, int deadLettered, List<Gap> gaps) {
        this(symbol, day, expected, stored, quarantined, deadLettered, gaps, DayStatus.INGESTED, 0, 0, 0);
    }

    /**
     * The share of the expected bars that is accounted for - stored, or answered by the vendor without a bar (thin) -
     * or empty when nothing was expected. 1 is a complete day, however thin.
     */
    public OptionalDouble share() {
        return expected == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) (stored + thin) / expected);
    }

    /** Expected bars that are neither stored nor thin: not asked yet, in the DLQ, or lost. */
    public int missing() {
        return expected - stored - thin;
    }
}
