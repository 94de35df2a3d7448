package com.marketbars.ingest.coverage;

import java.util.List;

/**
 * A feed's days at a glance, the first thing the console and {@code gaps --summary} show: one {@link DayOverview} a
 * UTC day, whatever the size of the universe.
 *
 * @param universe     the symbols of the feed's universe
 * @param dlqRows      the feed's DLQ rows (open or parked)
 * @param expectedFrom where a cell's expected count comes from, in a sentence
 */
public record CoverageOverview(String feed, String expectedFrom, int universe, int dlqRows, List<DayOverview> days) {

    public CoverageOverview {
        days = List.copyOf(days);
    }
}
