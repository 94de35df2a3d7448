package com.marketbars.ingest.coverage;

import java.time.LocalDate;
import java.util.List;

/**
 * One symbol of a feed over days: its cells, and its gaps over the same days (the drill-down of the overview).
 *
 * @param ingested the span the feed has ingested it over, or null when it never reached it
 */
public record SymbolCoverage(String feed, String symbol, Ingested ingested, List<LocalDate> days, List<Cell> cells, List<Gap> gaps) {

    public SymbolCoverage {
        days = List.copyOf(days);
        cells = List.copyOf(cells);
        gaps = List.copyOf(gaps);
    }
}
