package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.WindowPlanner;
import com.marketbars.ingest.errors.FailureKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The last step of a window: only when every batch is durable - its bars written, or its failure recorded in the
 * DLQ - does the cursor of its symbols move to the window's end. One log line per window says what it did.
 */
public final class WindowCompletion {
    private static final Logger LOG = LoggerFactory.getLogger("ingest.window");

    private final CheckpointStore checkpoints;
    private final WindowPlanner planner;
    private final Clock clock;
    private final List<IngestListener> listeners = new CopyOnWriteArrayList<>();

    public WindowCompletion(CheckpointStore checkpoints, WindowPlanner planner, Clock clock) {
        this.checkpoints = checkpoints;
        this.planner = planner;
        this.clock = clock;
    }

    public void addListener(IngestListener l) {
        listeners.add(l);
    }

    /**
     * Where the cursor of the window's symbols may move now that all its batches have ended - the route's
     * {@code advance-checkpoint} step moves it there - or null when it may not move at all. A window with a batch
     * neither written nor dead-lettered throws {@link IncompleteWindowException} instead: its checkpoint stays.
     */
    public Instant checkpointTo(IngestWindow w) {
        List<String> failures = w.failures();
        if (!failures.isEmpty()) {
            // a failure is a batch's or a half's (a batch too big for the vendor is halved), so they can outnumber batches
            LOG.warn("window {} incomplete: {} failure(s) in its {} batches; checkpoint stays at {}. First failure: {}",
                    w, failures.size(), w.batches().size(), w.start(), failures.get(0));
            FailureKind kind = blocker(w.failureKinds());
            Throwable cause = w.failureCause(kind);
            String message = kind.holdsWindow() && cause != null
                    // the one line backfill and run --once print: what broke, not only that a batch failed
                    ? "window " + w + " is not checkpointed: " + cause.getMessage() + " (the batch is in the DLQ; the window is asked for again)"
                    : "window " + w + ": " + failures.size() + " failure(s) in its batches, first: " + failures.get(0);
            listeners.forEach(l -> l.windowHeld(w, kind, message));
            throw new IncompleteWindowException(message, kind, cause);
        }
        Instant vendorNow = w.vendorTime();
        if (vendorNow != null && w.end().isAfter(vendorNow)) {
            // The local clock is ahead of the vendor's by more than ingest.settle (it jumped forward, or drifts): the
            // vendor cannot have served bars after its own now. A checkpoint at w.end() would skip them for good once
            // the clock is put right, so it stops at the vendor's horizon (see completed).
            Instant held = WindowPlanner.horizonAt(w.job().plan(), vendorNow);
            return held.isAfter(w.start()) ? held : null;
        }
        return w.end();
    }

    /**
     * The checkpoint moved to {@code checkpointTo} (null: it stayed): one log line for the window and the listeners
     * told - or, when it stopped short of the window's end because the local clock is ahead of the vendor's, the
     * catch-up ends here ({@link IncompleteWindowException}) until the next trigger.
     */
    public void completed(IngestWindow w, Instant checkpointTo) {
        if (!w.end().equals(checkpointTo)) {
            Instant held = checkpointTo == null ? w.start() : checkpointTo;
            LOG.warn("window {}: the local clock is ahead of the vendor's ({} by its Date header); checkpoint held at {}",
                    w, w.vendorTime(), held);
            throw new IncompleteWindowException("window " + w + ": the local clock is ahead of the vendor's (" + w.vendorTime()
                    + "); checkpoint held at " + held);
        }
        Duration lag = Duration.between(w.end(), clock.instant());
        if (w.closedReason().isPresent()) {
            LOG.info("window source={} [{}, {}) symbols={} closed ({}): no request lag={}",
                    w.job().cursorKey(), w.start(), w.end(), w.symbols().size(), w.closedReason().get(), lag.withNanos(0));
        } else {
            LOG.info("window source={} [{}, {}) symbols={} batches={} requests={} (floor {}) new={} duplicate={} revised={} rejected={} dlq={} took={}ms lag={}",
                    w.job().cursorKey(), w.start(), w.end(), w.symbols().size(), w.batches().size(), w.requests(),
                    w.requestFloor(), w.inserted(), w.duplicates(), w.revised(), w.rejected(), w.deadLettered(), w.elapsedMillis(), lag.withNanos(0));
        }
        if (!listeners.isEmpty()) {
            long remaining = planner.remainingWindows(w.job());
            long floor = w.requestFloor();
            listeners.forEach(l -> l.windowCompleted(w, floor, remaining));
        }
    }

    /** What kept a window open: a database failure first (a retry waits for it), else any one of the kinds. */
    static FailureKind blocker(Set<FailureKind> kinds) {
        if (kinds.contains(FailureKind.DATABASE_FAILED)) {
            return FailureKind.DATABASE_FAILED;
        }
        if (kinds.contains(FailureKind.DATABASE_UNAVAILABLE)) {
            return FailureKind.DATABASE_UNAVAILABLE;
        }
        return kinds.stream().sorted().findFirst().orElse(FailureKind.INTERNAL);
    }

    /**
     * The catch-up loop ended. If the job really reached its horizon (not merely stopped by a shutdown), a
     * one-shot job's cursor is forgotten, so the same backfill run again re-pulls its range.
     */
    public void finish(IngestJob job) {
        if (planner.next(job) != null) {
            LOG.info("{} stopped before reaching its horizon; it resumes from its checkpoint", job.label());
            return;
        }
        if (job.oneShot()) {
            checkpoints.delete(job.cursorKey());
        }
        listeners.forEach(l -> l.jobCompleted(job));
    }
}
