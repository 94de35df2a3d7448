package com.marketbars.ingest.dlq;

import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestJobs;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The retry worker's logic (its route, {@code dlq-retry}, does the fetching): which DLQ rows are due, each as
 * the window of a replay, and what a replay's end means for its row.
 */
public final class RetryWorker {
    private static final Logger LOG = LoggerFactory.getLogger(RetryWorker.class);
    /**
     * The endpoint a request for a retry pass sends to from Java (JMX, the console); the schedule's route writes the same
     * URI in dead-letters.camel.yaml. The queue of route dlq-due holds one request behind the running pass and drops
     * any more.
     */
    public static final String DUE_TRIGGER = "seda:dlq-due?size=1&discardWhenFull=true";

    /** Rows replayed per pass at most; the next pass takes the rest. */
    static final int PASS_LIMIT = 500;

    private final DeadLetterStore store;
    private final List<IngestJobs> feeds;
    private final Predicate<String> running;

    /**
     * @param feeds   the jobs of every feed whose rows this worker replays
     * @param running whether a feed runs now (a stopped feed's rows wait)
     */
    public RetryWorker(DeadLetterStore store, List<IngestJobs> feeds, Predicate<String> running) {
        this.store = store;
        this.feeds = List.copyOf(feeds);
        this.running = running;
    }

    /** The due rows of every running feed, each as the window of a replay, at most {@link #PASS_LIMIT} a feed. */
    public List<IngestWindow> dueReplays() {
        List<IngestWindow> out = new ArrayList<>();
        for (IngestJobs jobs : feeds) {
            if (running.test(jobs.feed())) {
                store.due(jobs.feed(), PASS_LIMIT).forEach(row -> out.add(replayOf(jobs, row)));
            }
        }
        return out;
    }

    static IngestWindow replayOf(IngestJobs jobs, DeadLetter row) {
        ReplayRequest r = row.request();
        IngestJob job = jobs.replay(row.id(), r.cursorKey(), r.symbols(), r.start(), r.end(), r.writeMode());
        return IngestWindow.replay(job, r.start(), r.end(), r.symbols(), row.id(), row.retryCount());
    }

    /**
     * After a replay: its bars written, the row is closed as resolved; refused and split, it is closed as split
     * (its halves wrote their bars or have rows of their own); failed again, the reporter already rescheduled or
     * parked it. If anything of it could not be tried (circuit open, database error) the row stays as it was.
     */
    public void replayed(IngestWindow w) {
        SymbolBatch batch = w.batches().get(0);
        if (!w.failures().isEmpty()) {
            LOG.info("{} not finished ({}); it stays in the DLQ", batch, w.failures().get(0));
            return;
        }
        SymbolBatch.Outcome outcome = batch.outcome();
        if (outcome == SymbolBatch.Outcome.DEAD_LETTERED) {
            return;
        }
        store.get(batch.deadLetterId()).ifPresent(row -> {
            boolean split = outcome == SymbolBatch.Outcome.SPLIT;
            String note = split ? "refused as a whole; its symbols were asked for separately" : "replayed: " + w.inserted() + " new bars";
            if (store.close(row, split ? "split" : "resolved", note, "retry-worker")) {
                LOG.info("{} {}", batch, note);
            }
        });
    }
}
