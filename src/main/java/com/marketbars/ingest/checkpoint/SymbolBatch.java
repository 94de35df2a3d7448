package com.marketbars.ingest.checkpoint;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Up to {@code ingest.batch.symbols} symbols fetched together for one window [start, end). */
public record SymbolBatch(IngestWindow window, int index, List<String> symbols, AtomicLong barsReceived) {

    public SymbolBatch(IngestWindow window, int index, List<String> symbols) {
        this(window, index, symbols, new AtomicLong());
    }

    public Instant start() {
        return window.start();
    }

    public Instant end() {
        return window.end();
    }

    public Set<String> symbolSet() {
        return Set.copyOf(symbols);
    }

    @Override
    public String toString() {
        return "batch " + (index + 1) + "/" + window.batches().size() + " " + symbols.get(0) + ".." + symbols.get(symbols.size() - 1)
                + " [" + start() + ", " + end() + ")";
    }
}
