package com.marketbars.ingest.coverage;

import java.util.List;

/**
 * A page of a day's cells, worst first: most bars missing, then most quarantined or dead-lettered, then by symbol.
 *
 * @param total the day's cells with anything to look at (a bar missing, quarantined or in the DLQ), of every page
 */
public record CellPage(String feed, java.time.LocalDate day, int offset, int total, List<Cell> cells) {

    public CellPage {
        cells = List.copyOf(cells);
    }
}
