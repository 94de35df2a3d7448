package com.marketbars.ingest.checkpoint;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Up to {@code ingest.batch.symbols} symbols fetched together for one window [start, end): a batch the planner
 * made, a half of one the vendor refused (see {@link #halves()}), or the replay of a DLQ row.
 */
public final class SymbolBatch {
    /** How a batch ended other than by writing all its pages. */
    public enum Outcome { DEAD_LETTERED, SPLIT }

    private final IngestWindow window;
    private final int index;
    private final List<String> symbols;
    private final AtomicLong barsReceived;
    private final long deadLetterId;
    private final int priorAttempts;
    private final Set<String> pageTokens = ConcurrentHashMap.newKeySet();
    private volatile Outcome outcome;

    SymbolBatch(IngestWindow window, int index, List<String> symbols, AtomicLong barsReceived, long deadLetterId, int priorAttempts) {
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one symbol");
        }
        this.window = window;
        this.index = index;
        this.symbols = List.copyOf(symbols);
        this.barsReceived = barsReceived;
        this.deadLetterId = deadLetterId;
        this.priorAttempts = priorAttempts;
    }

    public SymbolBatch(IngestWindow window, int index, List<String> symbols) {
        this(window, index, symbols, new AtomicLong(), 0, 0);
    }

    /**
     * The two halves of this batch, to be asked for separately when the vendor refused the whole: repeated, it
     * narrows a refusal down to the symbols that cause it. The halves are new requests (not replays), but they
     * inherit the attempts already spent, so a symbol that keeps failing is parked no later than its batch would
     * have been.
     */
    public List<SymbolBatch> halves() {
        if (symbols.size() < 2) {
            throw new IllegalStateException("a single symbol cannot be split: " + this);
        }
        int mid = symbols.size() / 2;
        int attempts = isReplay() ? priorAttempts + 1 : priorAttempts;
        return List.of(new SymbolBatch(window, index, symbols.subList(0, mid), barsReceived, 0, attempts),
                new SymbolBatch(window, index, symbols.subList(mid, symbols.size()), barsReceived, 0, attempts));
    }

    public IngestWindow window() {
        return window;
    }

    public int index() {
        return index;
    }

    public List<String> symbols() {
        return symbols;
    }

    /** Bars the vendor sent for this batch (shared with its halves, so the window's request floor stays right). */
    public AtomicLong barsReceived() {
        return barsReceived;
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

    /** True when this batch replays the DLQ row {@link #deadLetterId()}. */
    public boolean isReplay() {
        return deadLetterId > 0;
    }

    public long deadLetterId() {
        return deadLetterId;
    }

    /** Replays of these symbols that already failed (a fresh batch: 0). */
    public int priorAttempts() {
        return priorAttempts;
    }

    /**
     * Notes a {@code next_page_token} the vendor gave for this batch. False when it gave the same one before: following
     * it would read pages already read, again and again, spending the quota forever.
     */
    public boolean firstPageToken(String token) {
        return pageTokens.add(token);
    }

    public Outcome outcome() {
        return outcome;
    }

    public void outcome(Outcome outcome) {
        this.outcome = outcome;
    }

    @Override
    public String toString() {
        String who = symbols.size() == 1 ? symbols.get(0) : symbols.get(0) + ".." + symbols.get(symbols.size() - 1);
        return (isReplay() ? "DLQ #" + deadLetterId + " " : "batch " + (index + 1) + "/" + window.batches().size() + " ")
                + who + " [" + start() + ", " + end() + ")";
    }
}
