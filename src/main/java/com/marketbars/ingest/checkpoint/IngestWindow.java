package com.marketbars.ingest.checkpoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One planned window [start, end) for symbols that share the same cursor, split into batches, with the
 * running tally its batches add to (they may run in parallel, hence the atomics).
 */
public final class IngestWindow {
    private final IngestJob job;
    private final Instant start;
    private final Instant end;
    private final List<String> symbols;
    private final List<SymbolBatch> batches;
    private final long startedNanos = System.nanoTime();

    final AtomicLong requests = new AtomicLong();
    final AtomicLong inserted = new AtomicLong();
    final AtomicLong revised = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();

    public IngestWindow(IngestJob job, Instant start, Instant end, List<String> symbols, int batchSize) {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("empty window [" + start + ", " + end + ")");
        }
        this.job = job;
        this.start = start;
        this.end = end;
        this.symbols = List.copyOf(symbols);
        List<SymbolBatch> b = new ArrayList<>();
        for (int i = 0; i < symbols.size(); i += batchSize) {
            b.add(new SymbolBatch(this, b.size(), List.copyOf(symbols.subList(i, Math.min(symbols.size(), i + batchSize)))));
        }
        this.batches = Collections.unmodifiableList(b);
    }

    public IngestJob job() {
        return job;
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return end;
    }

    public List<String> symbols() {
        return symbols;
    }

    public List<SymbolBatch> batches() {
        return batches;
    }

    public void recordRequest() {
        requests.incrementAndGet();
    }

    /**
     * The fewest requests this window could have cost: for each batch, its bars divided by the page size,
     * rounded up (at least one request: an empty answer still has to be asked for).
     */
    public long requestFloor(int pageLimit) {
        long floor = 0;
        for (SymbolBatch b : batches) {
            floor += Math.max(1, (b.barsReceived().get() + pageLimit - 1) / pageLimit);
        }
        return floor;
    }

    public void recordWrite(long newRows, long revisedRows, long duplicateRows, long rejectedBars) {
        inserted.addAndGet(newRows);
        revised.addAndGet(revisedRows);
        duplicates.addAndGet(duplicateRows);
        rejected.addAndGet(rejectedBars);
    }

    public void recordFailure(SymbolBatch batch, Throwable cause) {
        failures.add(batch + ": " + cause);
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    public long requests() {
        return requests.get();
    }

    public long inserted() {
        return inserted.get();
    }

    public long revised() {
        return revised.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long rejected() {
        return rejected.get();
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    @Override
    public String toString() {
        return job.cursorKey() + " [" + start + ", " + end + ") " + symbols.size() + " symbols in " + batches.size() + " batches";
    }
}
