package com.marketbars.ingest.checkpoint;

import com.marketbars.ingest.errors.FailureKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One planned window [start, end) for symbols that share the same cursor, split into batches, with the
 * running tally its batches add to (they may run in parallel, hence the atomics). Only its batches change the tally,
 * through their intent methods (see {@link SymbolBatch}), and only package {@code pipeline} calls those and this
 * window's own {@link #pollIsolated()} and {@link #batchEnded()}; everyone else reads it.
 */
public final class IngestWindow {
    private final IngestJob job;
    private final Instant start;
    private final Instant end;
    private final List<String> symbols;
    private final List<SymbolBatch> batches;
    /** Why the window has no batch (the exchange was closed all through it), or null. */
    private final String closedReason;
    private final long startedNanos = System.nanoTime();

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong inserted = new AtomicLong();
    private final AtomicLong revised = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final Set<FailureKind> failureKinds = ConcurrentHashMap.newKeySet();
    private final java.util.Map<FailureKind, Throwable> failureCauses = new ConcurrentHashMap<>();
    private final Queue<SymbolBatch> isolated = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Instant> vendorTime = new AtomicReference<>();
    /** Batches (and halves of refused ones) not yet ended (see batchEnded). */
    private final AtomicInteger unfinishedBatches;

    public IngestWindow(IngestJob job, Instant start, Instant end, List<String> symbols, int batchSize) {
        this(job, start, end, symbols, batchSize, 0, 0, null);
    }

    /**
     * A window in which the exchange trades at no time (see {@link BatchPacking}): it has no batch, costs no request,
     * and its checkpoint moves to its end once the windows before it are durable.
     */
    public static IngestWindow closed(IngestJob job, Instant start, Instant end, List<String> symbols, String reason) {
        return new IngestWindow(job, start, end, symbols, 1, 0, 0, reason);
    }

    private IngestWindow(IngestJob job, Instant start, Instant end, List<String> symbols, int batchSize,
                         long deadLetterId, int priorAttempts, String closedReason) {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("empty window [" + start + ", " + end + ")");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("a batch holds at least one symbol, not " + batchSize);
        }
        this.job = job;
        this.start = start;
        this.end = end;
        this.symbols = List.copyOf(symbols);
        this.closedReason = closedReason;
        List<SymbolBatch> b = new ArrayList<>();
        for (int i = 0; closedReason == null && i < symbols.size(); i += batchSize) {
            b.add(new SymbolBatch(this, b.size(), List.copyOf(symbols.subList(i, Math.min(symbols.size(), i + batchSize))),
                    new AtomicLong(), deadLetterId, priorAttempts));
        }
        this.batches = Collections.unmodifiableList(b);
        this.unfinishedBatches = new AtomicInteger(b.size());
    }

    /**
     * The window of a DLQ row's replay: one batch of the row's symbols, whatever their number, carrying the row's
     * id so the retry worker can tell how it ended.
     */
    public static IngestWindow replay(IngestJob job, Instant start, Instant end, List<String> symbols, long deadLetterId, int priorAttempts) {
        if (deadLetterId <= 0) {
            throw new IllegalArgumentException("a replay needs the id of its DLQ row");
        }
        return new IngestWindow(job, start, end, symbols, Math.max(1, symbols.size()), deadLetterId, priorAttempts, null);
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

    /** Why nothing was asked for this window (the exchange was closed all through it); empty when it was asked for. */
    public java.util.Optional<String> closedReason() {
        return java.util.Optional.ofNullable(closedReason);
    }

    void countRequest() {
        requests.incrementAndGet();
    }

    /** Notes when the vendor sent one of this window's answers (its HTTP Date); the earliest is kept. */
    void noteVendorTime(Instant sent) {
        vendorTime.accumulateAndGet(sent, (a, b) -> a == null || b.isBefore(a) ? b : a);
    }

    /** The vendor's clock at its earliest answer in this window, or null when no answer said (no Date header). */
    public Instant vendorTime() {
        return vendorTime.get();
    }

    /** Bars the vendor sent for this window so far, kept and refused. */
    public long barsReceived() {
        long bars = 0;
        for (SymbolBatch b : batches) {
            bars += b.barsReceived().get();   // the batch's and its halves'
        }
        return bars;
    }

    /**
     * The fewest requests this window could have cost, the vendor's protocol given ({@link RequestShape}): with pages
     * shared by symbols (Alpaca), all its bars over the page size, rounded up; with one symbol a request (Massive's
     * aggregates), each batch's bars over the page size, rounded up; with a date's market a request (Massive's grouped
     * daily), its session dates. At least one request per window (per batch) asked for - an empty answer still has to
     * be asked for - and none for a window skipped because the exchange was closed.
     */
    public long requestFloor() {
        if (batches.isEmpty()) {
            return 0;
        }
        long pageLimit = job.plan().pageLimit();
        long floor = 0;
        long bars = 0;
        for (SymbolBatch b : batches) {
            long received = b.barsReceived().get();   // the batch's and its halves'
            bars += received;
            floor += Math.max(1, (received + pageLimit - 1) / pageLimit);
        }
        return switch (job.plan().shape()) {
            case SHARED_PAGES -> Math.max(1, (bars + pageLimit - 1) / pageLimit);
            case ONE_SYMBOL -> floor;
            case ONE_DATE -> Math.max(1, BatchPacking.barsPerSymbol(job.plan(), start, end));
        };
    }

    void countWrite(com.marketbars.ingest.model.WriteResult r) {
        inserted.addAndGet(r.inserted());
        revised.addAndGet(r.revised());
        duplicates.addAndGet(r.duplicates());
        rejected.addAndGet(r.rejected());
    }

    /** A failure that keeps the window open, of a kind (see {@link FailureKind}); the first cause of each kind is kept. */
    void noteFailure(SymbolBatch batch, FailureKind kind, String reason, Throwable cause) {
        if (cause != null) {
            failureCauses.putIfAbsent(kind, cause);
        }
        failureKinds.add(kind);
        failures.add(batch + ": " + reason);
    }

    /** The kinds of the failures that keep the window open. */
    public Set<FailureKind> failureKinds() {
        return Set.copyOf(failureKinds);
    }

    /** The first failure of that kind recorded, or null. */
    public Throwable failureCause(FailureKind kind) {
        return failureCauses.get(kind);
    }

    /** The halves of a batch the vendor refused as a whole are asked for next (see {@link SymbolBatch#halves()}). */
    void isolate(SymbolBatch batch) {
        List<SymbolBatch> halves = batch.halves();
        unfinishedBatches.addAndGet(halves.size());   // before the refused batch itself ends: the count never touches 0 early
        isolated.addAll(halves);
    }

    public boolean hasIsolated() {
        return !isolated.isEmpty();
    }

    /** One half waiting to be fetched, or null; each is handed out once. */
    public SymbolBatch pollIsolated() {
        return isolated.poll();
    }

    /**
     * One of this window's batches ended - written, dead-lettered, split or failed, its outcome already recorded here
     * (WindowsAhead, which hands every batch out).
     */
    public void batchEnded() {
        unfinishedBatches.decrementAndGet();
    }

    /** True once every batch and every half of a refused one has ended (see {@link #batchEnded()}). */
    public boolean allBatchesEnded() {
        return unfinishedBatches.get() == 0;
    }

    void countDeadLettered() {
        deadLettered.incrementAndGet();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /** Failures that keep the window from completing (its checkpoint stays): nothing fetched, nothing dead-lettered. */
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
