package com.marketbars.ingest.checkpoint;

import com.marketbars.ingest.model.Text;
import com.marketbars.ingest.errors.VendorProtocolException;
import com.marketbars.ingest.model.WriteResult;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Up to {@code ingest.batch.symbols} symbols fetched together for one window [start, end): a batch the planner
 * made, a half of one the vendor refused (see {@link #halves()}), or the replay of a DLQ row.
 * <p>
 * The pipeline tells a batch what happened to it through intent methods ({@link #requestSent()},
 * {@link #pageArrived}, {@link #pageWritten}, {@link #failed}, {@link #deadLettered()}, {@link #refusedAsWhole()});
 * the batch keeps its window's tallies. Nothing else changes a window: only classes of package {@code pipeline} call
 * these (architecture/PackageRulesTest holds it); other features decide and record, and a pipeline bean tells the batch.
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
    AtomicLong barsReceived() {
        return barsReceived;
    }

    /** A request for one of this batch's pages is about to be sent. */
    public void requestSent() {
        window.countRequest();
    }

    /**
     * A page of this batch arrived. Notes the vendor's clock (its answer's Date, null when it gave none) and refuses a
     * next-page token or cursor the vendor gave before for this batch: following it would read pages already read,
     * again and again, spending the quota forever.
     *
     * @throws VendorProtocolException when the pagination loops
     */
    public void pageArrived(String nextPageToken, Instant vendorTime) {
        if (vendorTime != null) {
            window.noteVendorTime(vendorTime);
        }
        if (nextPageToken != null && !nextPageToken.isEmpty() && !pageTokens.add(nextPageToken)) {
            throw new VendorProtocolException("the vendor's next page '" + Text.abbreviate(nextPageToken, 80) + "' was already followed for "
                    + this + ": its pagination loops");
        }
    }

    /** A page of {@code received} bars (kept and refused) was written as {@code result} says. */
    public void pageWritten(int received, WriteResult result) {
        barsReceived.addAndGet(received);
        window.countWrite(result);
    }

    /**
     * This batch could not be fetched and nothing was recorded for it: its window must not complete.
     *
     * @param kind   what kind of failure kept it (see {@link com.marketbars.ingest.errors.FailureKind})
     * @param reason one line for the log and the operator
     * @param cause  the failure, or null when there is none to keep
     */
    public void failed(com.marketbars.ingest.errors.FailureKind kind, String reason, Throwable cause) {
        window.noteFailure(this, kind, reason, cause);
    }

    public void failed(Throwable cause) {
        failed(com.marketbars.ingest.errors.FailureKind.of(cause), com.marketbars.ingest.errors.FailureDescription.of(cause), cause);
    }

    /** This batch is now a DLQ row: its window may still complete. */
    public void deadLettered() {
        window.countDeadLettered();
        outcome = Outcome.DEAD_LETTERED;
    }

    /** The vendor refused this batch as a whole: its halves are asked for next (see {@link #halves()}). */
    public void refusedAsWhole() {
        window.isolate(this);
        outcome = Outcome.SPLIT;
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

    public Outcome outcome() {
        return outcome;
    }

    @Override
    public String toString() {
        String who = symbols.size() == 1 ? symbols.get(0) : symbols.get(0) + ".." + symbols.get(symbols.size() - 1);
        return (isReplay() ? "DLQ #" + deadLetterId + " " : "batch " + (index + 1) + "/" + window.batches().size() + " ")
                + who + " [" + start() + ", " + end() + ")";
    }
}
