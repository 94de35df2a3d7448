package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.Fence;
import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.checkpoint.WindowPlanner;
import com.marketbars.ingest.checkpoint.WindowSequence;

import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The owner of the one way batches reach the fetchers: a catch-up's (and a backfill shard's) windows planned ahead of
 * their checkpoints, and a DLQ pass's replays, are each a {@link WindowsAhead} made here - up to
 * {@code ingest.fetch-ahead} windows open at once, with {@code ingest.concurrency} batches in flight across them. The
 * routes ({@code ingest-job}, {@code dlq-retry}, {@code fetch-ahead}) call its steps below with the exchange's
 * {@link WindowsAhead#PROPERTY}; they orchestrate, the state changes here.
 */
public final class FetchAhead {
    private final WindowPlanner planner;
    private final int maxOpenWindows;
    private final int maxBatchesInFlight;
    private final Predicate<IngestJob> keepPlanning;

    /**
     * @param keepPlanning false once no new window of the job may start: its feed is paused or stopped, or Camel is stopping.
     *                     The windows already open are still finished and checkpointed.
     */
    public FetchAhead(WindowPlanner planner, int maxOpenWindows, int maxBatchesInFlight, Predicate<IngestJob> keepPlanning) {
        this.planner = planner;
        this.maxOpenWindows = maxOpenWindows;
        this.maxBatchesInFlight = maxBatchesInFlight;
        this.keepPlanning = keepPlanning;
    }

    /**
     * The job's windows ahead, planned from its persisted checkpoints, run under {@code fence} (null: none): no new
     * window starts once the fence says this process no longer holds its lease (a feed's open windows end, and the
     * database refuses their advance), and nothing more at all - no request - once it says the work stops (a shard
     * taken by another process).
     */
    public WindowsAhead open(IngestJob job, Fence fence) {
        WindowSequence sequence = planner.sequence(job);
        return new WindowsAhead(job.label(), sequence::next, maxOpenWindows, maxBatchesInFlight,
                () -> keepPlanning.test(job) && (fence == null || fence.mayPlan()), WindowsAhead.HandBack.IN_PLANNING_ORDER,
                fence == null ? () -> null : fence::stopped);
    }

    /**
     * A DLQ pass: the replays' windows, fetched as a catch-up's are (halves of a refused batch first), each taken back
     * as soon as its batches have ended, whatever the order (its row is closed then). A replay whose feed was paused or
     * stopped meanwhile is left for a later pass.
     */
    public WindowsAhead replaying(List<IngestWindow> replays) {
        Iterator<IngestWindow> due = List.copyOf(replays).iterator();
        return new WindowsAhead("a DLQ pass of " + replays.size() + " rows", () -> {
            while (due.hasNext()) {
                IngestWindow w = due.next();
                if (keepPlanning.test(w.job())) {
                    return w;
                }
            }
            return null;
        }, maxOpenWindows, maxBatchesInFlight, () -> true, WindowsAhead.HandBack.AS_EACH_ENDS);
    }

    /** Route step: the batches to hand to the fetch-ahead split, each when a batch slot is free. */
    public Iterator<SymbolBatch> batches(WindowsAhead ahead) {
        return ahead.batches();
    }

    /** Route step: the oldest open window once all its batches have ended, or null when none is left (blocks till then). */
    public IngestWindow nextEnded(WindowsAhead ahead) throws InterruptedException {
        return ahead.nextEnded();
    }

    /** Route step: the fetch-ahead split failed as a whole. */
    public void fetchingFailed(WindowsAhead ahead, Exception failure) {
        ahead.fetchingFailed(failure);
    }

    /** Route step: the fetch-ahead split returned. */
    public void fetchingEnded(WindowsAhead ahead) {
        ahead.fetchingEnded();
    }

    /** Route step: nothing more is handed out; returns once the batches in flight have ended. */
    public void close(WindowsAhead ahead) {
        ahead.close();
    }
}
