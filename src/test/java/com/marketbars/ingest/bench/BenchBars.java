package com.marketbars.ingest.bench;

import com.marketbars.ingest.pipeline.Bar;
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
            String s = "" + (char) ('A' + i / 676 % 26) + (char) ('A' + i / 26 % 26) + (char) ('A' + i % 26);
            all.addAll(SyntheticBars.range(s, from, from.plusSeconds(86_400L * days)));
        }
        return all;
    }

    /** The arguments every benchmark takes: SYMBOLS FROM-DATE DAYS (defaults 500 2026-11-16 5). */
    static List<Bar> fromArgs(String[] args) {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Instant from = Instant.parse((args.length > 1 ? args[1] : "2026-11-16") + "T00:00:00Z");
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        return of(symbols, from, days);
    }
}
