package com.marketbars.ingest.bench;

import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.simulator.SyntheticBars;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The benchmarks' bars: the simulator's history of symbols AAA, AAB, ... over whole days, symbol by symbol. */
final class BenchBars {
    private BenchBars() {
    }

    /** Every bar of {@code symbols} symbols in [{@code from}, {@code from} + {@code days} days), symbols ascending, then time. */
    static List<Bar> of(int symbols, Instant from, int days) {
        List<Bar> all = new ArrayList<>();
        for (int i = 0; i < symbols; i++) {
            all.addAll(SyntheticBars.range(symbol(i), from, from.plusSeconds(86_400L * days)));
        }
        return all;
    }

    /**
     * The same bars as the pages a backfill writes: day by day (one window each), batches of {@code batch} symbols, each
     * batch's bars symbol by symbol then by time (as the vendor answers), cut into pages of {@code page} bars. Each
     * page lands in {@code batch} places of the key, not at its end, as a backfill's pages do.
     */
    static List<List<Bar>> backfillPages(int symbols, Instant from, int days, int batch, int page) {
        List<List<Bar>> pages = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            Instant day = from.plusSeconds(86_400L * d);
            for (int first = 0; first < symbols; first += batch) {
                List<Bar> answer = new ArrayList<>();
                for (int i = first; i < Math.min(symbols, first + batch); i++) {
                    answer.addAll(SyntheticBars.range(symbol(i), day, day.plusSeconds(86_400)));
                }
                for (int p = 0; p < answer.size(); p += page) {
                    pages.add(answer.subList(p, Math.min(answer.size(), p + page)));
                }
            }
        }
        return pages;
    }

    /** AAA, AAB, ... */
    static String symbol(int i) {
        return "" + (char) ('A' + i / 676 % 26) + (char) ('A' + i / 26 % 26) + (char) ('A' + i % 26);
    }

    /** The arguments every benchmark takes: SYMBOLS FROM-DATE DAYS (defaults 500 2026-11-16 5). */
    static List<Bar> fromArgs(String[] args) {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Instant from = Instant.parse((args.length > 1 ? args[1] : "2026-11-16") + "T00:00:00Z");
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        return of(symbols, from, days);
    }
}
