package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.WindowPlanner;

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

    /** The job's windows ahead, planned from its persisted checkpoints. */
    public WindowsAhead open(IngestJob job) {
        return new WindowsAhead(planner.sequence(job), maxOpenWindows, maxBatchesInFlight, () -> keepPlanning.test(job));
    }
}
