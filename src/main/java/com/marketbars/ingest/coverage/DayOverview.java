package com.marketbars.ingest.coverage;

import java.time.LocalDate;

/**
 * One UTC day of a feed across its whole universe: the sums of the day's cells ({@link Cell}), so an operator sees
 * which days are incomplete and by how much before looking at any symbol.
 *
 * @param closed          why the exchange did not trade ("Saturday", "Thanksgiving Day"), or null on a session day
 * @param symbols         symbols the feed had reached that day (cells {@link DayStatus#INGESTED})
 * @param symbolsWithGaps of those, the ones with a bar missing
 * @param share           (stored + thin) / expected, or null when nothing was expected
 */
public record DayOverview(LocalDate day, String closed, int symbols, int symbolsWithGaps, long expected, long stored, long thin,
                          long missing, long lost, long deadLettered, long quarantined, long extendedHours, Double share) {

    /** Adds up cells of the day. */
    static final class Sum {
        private final LocalDate day;
        private final String closed;
        private int symbols;
        private int withGaps;
        private long expected;
        private long stored;
        private long thin;
        private long missing;
        private long lost;
        private long deadLettered;
        private long quarantined;
        private long extendedHours;

        Sum(LocalDate day, String closed) {
            this.day = day;
            this.closed = closed;
        }

        void add(Cell c) {
            if (c.status() == DayStatus.INGESTED) {
                symbols++;
                withGaps += c.missing() > 0 ? 1 : 0;
            }
            expected += c.expected();
            stored += c.stored();
            thin += c.thin();
            missing += c.missing();
            lost += c.lost();
            deadLettered += c.deadLettered();
            quarantined += c.quarantined();
            extendedHours += c.extendedHours();
        }

        DayOverview result() {
            return new DayOverview(day, closed, symbols, withGaps, expected, stored, thin, missing, lost, deadLettered, quarantined,
                    extendedHours, expected == 0 ? null : (double) (stored + thin) / expected);
        }
    }
}
