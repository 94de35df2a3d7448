package com.marketbars.ingest.dlq;

import com.marketbars.ingest.checkpoint.IngestJobs;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.errors.FailureKind;
import com.marketbars.ingest.pipeline.IncompleteWindowException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A backfill's own DLQ rows (those of its cursor), replayed before it finishes, so that with no daemon running a
 * batch that failed once is not left missing: each row is replayed when the retry policy makes it due
 * ({@code ingest.dlq.retry-*}), until it is closed or parked ({@code ingest.dlq.max-retries}), for at most
 * {@code maxWait} in all. What is left stays in the DLQ for the retry worker and makes the backfill's exit code 3.
 */
public final class BackfillReplays {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillReplays.class);

    private final DeadLetterStore store;
    private final IngestJobs feed;
    private final ProducerTemplate template;
    private final BooleanSupplier sourceRunning;
    private final Clock clock;

    /** @param feed the jobs of the backfill's feed, whose DLQ rows these are */
    public BackfillReplays(DeadLetterStore store, IngestJobs feed, ProducerTemplate template,
                           BooleanSupplier sourceRunning, Clock clock) {
        this.store = store;
        this.feed = feed;
        this.template = template;
        this.sourceRunning = sourceRunning;
        this.clock = clock;
    }

    /** The DLQ rows of the cursors that start with {@code cursorKeyPrefix} (a backfill job's shards), parked or not. */
    public List<DeadLetter> rows(String cursorKeyPrefix) {
        return store.list(feed.feed(), false).stream().filter(d -> d.request().cursorKey().startsWith(cursorKeyPrefix)).toList();
    }

    /**
     * Replays the cursor's rows as they fall due, until none is left open or {@code deadline} would pass before the
     * next one is due.
     *
     * @return the rows of the cursor still in the DLQ
     * @throws IncompleteWindowException when a replay could not be tried because of the database (ridden out by the caller)
     */
    public List<DeadLetter> replayUntil(String cursorKeyPrefix, Instant deadline) throws InterruptedException {
        List<DeadLetter> before = null;
        while (true) {
            List<DeadLetter> own = rows(cursorKeyPrefix);
            List<DeadLetter> open = own.stream().filter(d -> !d.parked()).toList();
            Instant now = clock.instant();
            if (open.isEmpty() || !sourceRunning.getAsBoolean() || now.isAfter(deadline)) {
                return own;
            }
            if (own.equals(before)) {
                Thread.sleep(1_000);   // the last pass changed nothing (the circuit is open): no busy loop
            }
            before = own;
            Instant next = open.stream().map(DeadLetter::nextRetryAt).min(Comparator.naturalOrder()).orElseThrow();
            if (next.isAfter(now)) {
                if (next.isAfter(deadline)) {
                    return own;
                }
                LOG.info("{} DLQ row(s) of this backfill; the next replay is due at {}", open.size(), next);
                Thread.sleep(Math.max(1, Duration.between(now, next).toMillis()));
                continue;
            }
            List<IngestWindow> due = open.stream().filter(row -> !row.nextRetryAt().isAfter(now))
                    .map(row -> RetryWorker.replayOf(feed, row)).toList();
            replay(due);
        }
    }

    /** The due rows' replays, through the retry worker's path (route replay), which closes, reschedules or parks them. */
    private void replay(List<IngestWindow> replays) {
        Exchange done = template.send("direct:replay", ex -> ex.getIn().setBody(replays));
        if (done.getException() != null) {
            throw new IncompleteWindowException("replaying " + replays.size() + " DLQ row(s) failed",
                    FailureKind.of(done.getException()), done.getException());
        }
        for (IngestWindow w : replays) {
            for (FailureKind k : List.of(FailureKind.DATABASE_FAILED, FailureKind.DATABASE_UNAVAILABLE)) {
                if (w.failureKinds().contains(k)) {
                    throw new IncompleteWindowException("replaying DLQ #" + w.batches().get(0).deadLetterId() + ": "
                            + w.failures().get(0), k, w.failureCause(k));
                }
            }
        }
    }
}
