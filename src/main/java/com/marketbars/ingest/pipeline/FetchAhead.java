package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.checkpoint.WindowPlanner;
import com.marketbars.ingest.checkpoint.WindowSequence;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
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
    private final Function<String, Long> leaseEpochs;

    /**
     * @param keepPlanning false once no new window of the job may start: its feed is paused or stopped, or Camel is stopping.
     *                     The windows already open are still finished and checkpointed.
     * @param leaseEpochs  the epoch under which this instance leads a feed now (cluster/Leadership#epoch)
     */
    public FetchAhead(WindowPlanner planner, int maxOpenWindows, int maxBatchesInFlight, Predicate<IngestJob> keepPlanning,
                      Function<String, Long> leaseEpochs) {
        this.planner = planner;
        this.maxOpenWindows = maxOpenWindows;
        this.maxBatchesInFlight = maxBatchesInFlight;
        this.keepPlanning = keepPlanning;
        this.leaseEpochs = leaseEpochs;
    }

    /**
     * The job's windows ahead, planned from its persisted checkpoints, run under the feed's lease at {@code leaseEpoch}
     * (null: none): no new window starts once this instance no longer leads the feed under that epoch (the windows
     * open end, and the database refuses their advance).
     */
    public WindowsAhead open(IngestJob job, Long leaseEpoch) {
        WindowSequence sequence = planner.sequence(job);
        return new WindowsAhead(job.label(), sequence::next, maxOpenWindows, maxBatchesInFlight, () -> keepPlanning.test(job)
                && (leaseEpoch == null || Objects.equals(leaseEpoch, leaseEpochs.apply(job.feed()))),
                WindowsAhead.HandBack.IN_PLANNING_ORDER);
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
