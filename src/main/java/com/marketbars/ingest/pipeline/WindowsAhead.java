package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.StaleLeaseException;
import com.marketbars.ingest.checkpoint.SymbolBatch;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The windows of one catch-up, backfill shard or DLQ pass between planning and completion: the one way batches reach
 * the fetchers ({@link FetchAhead} makes it; the routes call it through FetchAhead's steps). Two routes share it:
 * <ul>
 * <li>{@code fetch-ahead} streams {@link #batches()} through a parallel split: each batch is handed out when a batch
 * slot is free, the halves of refused batches first, then the batches of the newest open window, then those of a
 * window planned on demand - so no fetching thread idles while a window's slowest batch finishes;</li>
 * <li>{@code ingest-job} takes the windows back with {@link #nextEnded()}, in planning order, each once all its
 * batches have ended, and checkpoints them one by one: a checkpoint never passes a window that is not durable. A DLQ
 * pass ({@code replay}) takes each replay's window back as soon as it has ended, whatever the order, and closes its row:
 * the rows are independent, so one whose window has ended is never left waiting behind one that has not (see
 * {@link HandBack}).</li>
 * </ul>
 * Bounded whatever the length of the job: at most {@code maxOpenWindows} windows are open (planned and not yet taken
 * back) and at most {@code maxBatchesInFlight} batches are out at once.
 * <p>
 * When planning stops - the job caught up, the source was paused or stopped, Camel is shutting down - the windows
 * already open are still fetched to their end, so they can be checkpointed and nothing is left written beyond a
 * checkpoint. When the catch-up ends ({@link #close()}: a window could not complete, or the loop is over) nothing more
 * is handed out; the batches in flight end before {@code close()} returns. When the work's fence says it stops (a
 * backfill shard taken by another process) nothing more is handed out either - no request starts - and no further
 * window is taken back: {@link #nextEnded()} ends the work with {@link StaleLeaseException}.
 */
public final class WindowsAhead {
    /** The exchange property that carries it, from ingest-job to fetch-ahead and its split. */
    public static final String PROPERTY = "windowsAhead";

    /** The order in which {@link #nextEnded()} hands the ended windows back. */
    enum HandBack {
        /** The oldest open window, once it has ended: a catch-up's checkpoints move in order. */
        IN_PLANNING_ORDER,
        /**
         * Any open window that has ended: a DLQ pass's replays are independent rows, so a pass that fails as a whole (or
         * a row whose halves are still out) leaves no row unclosed whose window had ended.
         */
        AS_EACH_ENDS
    }

    private final String label;
    private final Supplier<IngestWindow> windows;
    private final int maxOpenWindows;
    private final int maxBatchesInFlight;
    private final BooleanSupplier keepPlanning;
    private final HandBack handBack;
    private final Supplier<String> stopped;

    // all guarded by this; every change is followed by notifyAll(), so both routes' waits see it
    private final Deque<IngestWindow> open = new ArrayDeque<>();
    private final Deque<SymbolBatch> notHandedOut = new ArrayDeque<>();
    private int batchesInFlight;
    private boolean planningOver;
    private RuntimeException planningFailure;
    private boolean closed;
    private boolean gaveUp;
    private boolean fetchingStarted;
    private boolean fetchingEnded;
    private Exception fetchingFailure;

    /**
     * @param label   what the windows are of, for the log (a job's label, "DLQ pass")
     * @param windows the next window, or null when there is none left; called by one thread at a time
     */
    WindowsAhead(String label, Supplier<IngestWindow> windows, int maxOpenWindows, int maxBatchesInFlight, BooleanSupplier keepPlanning,
                 HandBack handBack) {
        this(label, windows, maxOpenWindows, maxBatchesInFlight, keepPlanning, handBack, () -> null);
    }

    /** @param stopped why the work must start nothing more (its fence's {@code stopped()}), or null while it may */
    WindowsAhead(String label, Supplier<IngestWindow> windows, int maxOpenWindows, int maxBatchesInFlight, BooleanSupplier keepPlanning,
                 HandBack handBack, Supplier<String> stopped) {
        if (maxOpenWindows < 1 || maxBatchesInFlight < 1) {
            throw new IllegalArgumentException("at least one window and one batch, got " + maxOpenWindows + " and " + maxBatchesInFlight);
        }
        this.label = label;
        this.windows = windows;
        this.maxOpenWindows = maxOpenWindows;
        this.maxBatchesInFlight = maxBatchesInFlight;
        this.keepPlanning = keepPlanning;
        this.handBack = handBack;
        this.stopped = stopped;
    }

    /**
     * The batches to fetch, for a streaming parallel split. {@code next()} blocks until a batch slot is free and a batch
     * is there to hand out; it returns null (which Camel's splitter skips before asking {@code hasNext()} again) once
     * nothing is left. {@code hasNext()} never blocks: Camel asks it after taking a batch and before sending that batch
     * on, so waiting there for a batch to end could wait for the very batch it holds.
     */
    public synchronized Iterator<SymbolBatch> batches() {
        fetchingStarted = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                synchronized (WindowsAhead.this) {
                    return !finished();
                }
            }

            @Override
            public SymbolBatch next() {
                return take();
            }
        };
    }

    private synchronized SymbolBatch take() {
        while (true) {
            SymbolBatch batch = handOut();
            if (batch != null) {
                batchesInFlight++;
                notifyAll();
                return batch;
            }
            if (finished()) {
                return null;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                // a forced shutdown: stop waiting for batches that may never report back
                Thread.currentThread().interrupt();
                gaveUp = true;
                notifyAll();
                return null;
            }
        }
    }

    private SymbolBatch handOut() {
        if (closed || stopped.get() != null || batchesInFlight >= maxBatchesInFlight) {
            return null;
        }
        for (IngestWindow w : open) {
            SymbolBatch half = w.pollIsolated();
            if (half != null) {
                return half;   // an earlier window's halves first: they hold up its checkpoint
            }
        }
        // a window the exchange was closed through has no batch: plan on past it, within the open windows' bound
        while (notHandedOut.isEmpty() && planNextWindow()) {
            // planned one
        }
        return notHandedOut.poll();
    }

    /** Plans the next window if it may; true when one was planned. */
    private boolean planNextWindow() {
        if (planningOver || open.size() >= maxOpenWindows) {
            return false;
        }
        if (!keepPlanning.getAsBoolean()) {
            planningOver = true;
            notifyAll();
            return false;
        }
        boolean planned = false;
        try {
            IngestWindow w = windows.get();
            if (w == null) {
                planningOver = true;
            } else {
                open.addLast(w);
                notHandedOut.addAll(w.batches());
                planned = true;
            }
        } catch (RuntimeException e) {
            // reported by nextEnded() once the windows already open are checkpointed, as a failure of the catch-up
            planningFailure = e;
            planningOver = true;
        }
        notifyAll();
        return planned;
    }

    /** Nothing is in flight and nothing more can be handed out: no batch in flight is left to produce halves. */
    private boolean finished() {
        if (gaveUp) {
            return true;
        }
        if (batchesInFlight > 0) {
            return false;
        }
        if (closed || stopped.get() != null) {
            return true;
        }
        if (!planningOver || !notHandedOut.isEmpty()) {
            return false;
        }
        for (IngestWindow w : open) {
            if (w.hasIsolated()) {
                return false;
            }
        }
        return true;
    }

    /**
     * A batch handed out by {@link #batches()} ended, its outcome already recorded on its window. Null when the batch
     * could not be told (a failure before fetch-batch set it): its slot is freed, its window never ends.
     */
    public synchronized void batchEnded(SymbolBatch batch) {
        batchesInFlight--;
        if (batch != null) {
            batch.window().batchEnded();
        }
        notifyAll();
    }

    /**
     * The next open window whose batches have all ended - durable or not, {@link WindowCompletion} decides - in the
     * order of {@link HandBack}, or null when no window is left: caught up, planning stopped, or fetching ended. Blocks
     * until one of those is so.
     *
     * @throws RuntimeException what made planning or fetching fail, once the windows that could be handed back were
     * @throws StaleLeaseException when the work's fence says it stops: no further window is taken back
     */
    public synchronized IngestWindow nextEnded() throws InterruptedException {
        while (true) {
            String stop = stopped.get();
            if (stop != null) {
                throw new StaleLeaseException(stop);
            }
            IngestWindow ended = firstEnded();
            if (ended != null) {
                open.remove(ended);
                notifyAll();   // a window slot is free: the next window can be planned
                return ended;
            }
            if (open.isEmpty() && planningOver || fetchingEnded) {
                // with fetching over, no batch of an open window can end any more
                if (fetchingFailure != null) {
                    throw new IllegalStateException("fetching ahead failed: " + fetchingFailure, fetchingFailure);
                }
                if (planningFailure != null) {
                    throw planningFailure;
                }
                return null;
            }
            wait();
        }
    }

    private IngestWindow firstEnded() {
        for (IngestWindow w : open) {
            if (w.allBatchesEnded()) {
                return w;
            }
            if (handBack == HandBack.IN_PLANNING_ORDER) {
                return null;
            }
        }
        return null;
    }

    /** The fetch-ahead split failed as a whole (not one batch: those are recorded on their windows). */
    public synchronized void fetchingFailed(Exception failure) {
        fetchingFailure = failure;
        notifyAll();
    }

    /** The fetch-ahead split returned: every batch it handed out has ended. */
    public synchronized void fetchingEnded() {
        fetchingEnded = true;
        notifyAll();
    }

    /**
     * Ends the catch-up's fetching: nothing more is handed out, not even the rest of an open window, whose checkpoint
     * will not move now. Returns once the batches in flight have ended, so no fetch of this job outlives it.
     */
    public synchronized void close() {
        closed = true;
        notifyAll();
        try {
            while (fetchingStarted && !fetchingEnded) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Windows planned and not yet taken back: at most maxOpenWindows. */
    synchronized int openWindows() {
        return open.size();
    }

    synchronized int batchesInFlight() {
        return batchesInFlight;
    }

    @Override
    public synchronized String toString() {
        return "windows ahead of " + label + ": " + open.size() + " open, " + batchesInFlight + " batches in flight";
    }
}
