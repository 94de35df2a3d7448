package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.WindowPlanner;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How far a catch-up fetches ahead of its checkpoints: up to {@code ingest.fetch-ahead} consecutive windows open at
 * once, with {@code ingest.concurrency} batches in flight across them. Makes the {@link WindowsAhead} of each job.
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
     * @param leaseEpochs  the epoch under which this instance leads a feed now (ops/Leadership#epoch)
     */
    public FetchAhead(WindowPlanner planner, int maxOpenWindows, int maxBatchesInFlight, Predicate<IngestJob> keepPlanning,
                      Function<String, Long> leaseEpochs) {
        this.planner = planner;
        this.maxOpenWindows = maxOpenWindows;
        this.maxBatchesInFlight = maxBatchesInFlight;
        this.keepPlanning = keepPlanning;
        this.leaseEpochs = leaseEpochs;
    }

    /** The job's windows ahead, planned from its persisted checkpoints. */
    public WindowsAhead open(IngestJob job) {
        return open(job, null);
    }

    /**
     * The same for a job run under the feed's lease at {@code leaseEpoch} (null: none): no new window starts once this
     * instance no longer leads the feed under that epoch (the windows open end, and the database refuses their advance).
     */
    public WindowsAhead open(IngestJob job, Long leaseEpoch) {
        return new WindowsAhead(planner.sequence(job), maxOpenWindows, maxBatchesInFlight, () -> keepPlanning.test(job)
                && (leaseEpoch == null || Objects.equals(leaseEpoch, leaseEpochs.apply(job.feed()))));
    }
}
