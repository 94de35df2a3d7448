package com.marketbars.ingest.coverage;

import java.time.LocalDate;
import java.util.List;

/**
 * Symbols x UTC days of one feed: a {@link Cell} per (symbol, day), symbol by symbol in the order of {@code symbols},
 * each symbol's days in the order of {@code days}.
 *
 * @param expectedFrom a sentence saying where a cell's expected count comes from
 * @param offset       where {@code symbols} start among the symbols asked for (a page of the grid)
 * @param total        how many symbols were asked for, of every page
 */
public record CoverageGrid(String feed, String expectedFrom, List<LocalDate> days, List<String> symbols, List<Cell> cells,
                           int offset, int total) {

    public CoverageGrid {
        days = List.copyOf(days);
        symbols = List.copyOf(symbols);
        cells = List.copyOf(cells);
    }

    /** The cell of this symbol and day. @throws IllegalArgumentException when the grid has none */
    public Cell cell(String symbol, LocalDate day) {
        int s = symbols.indexOf(symbol);
        int d = days.indexOf(day);
        if (s < 0 || d < 0) {
            throw new IllegalArgumentException("no cell (" + symbol + ", " + day + ") in the grid of " + feed);
        }
        return cells.get(s * days.size() + d);
    }
}
