package com.marketbars.ingest.dlq;

import com.marketbars.ingest.checkpoint.Fence;
import com.marketbars.ingest.model.RetryBackoff;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.errors.FailureClassifier;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * What becomes of a batch that could not be fetched (the dead-letter channel of {@code fetch-batch}): this reporter
 * decides and records it in the DLQ; it never changes the batch or its window - the route's next step, a bean of
 * {@code pipeline} ({@code BatchOutcomes}), tells the batch. Each outcome keeps the invariant that every
 * (symbol, window) behind a checkpoint is in {@code bars} or in the DLQ:
 * <ul>
 *   <li>{@link #newRow} / {@link #failedAgainRow}: the failure is recorded as a DLQ row (the route's
 *       {@code record-dead-letter} step), committed before the window may complete ({@link #recorded} logs it);</li>
 *   <li>a batch whose bars break the vendor's contract gets its DLQ row, and its window is held as well, so no
 *       checkpoint passes a window of which nothing was stored; its row covers the rows of earlier attempts at the
 *       held window ({@link #supersedeEarlierRows});</li>
 *   <li>{@link #canIsolate}: the vendor refused several symbols at once, so their halves are asked for next;</li>
 *   <li>{@link #keepsWindow}: nothing was learnt about the batch (circuit open, the vendor down, database
 *       error); nothing is recorded, the window does not complete and is tried again.</li>
 * </ul>
 */
public final class DeadLetterReporter {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReporter.class);

    private final DeadLetterStore store;
    private final RetryBackoff backoff;
    private final Function<String, CircuitBreaker> circuitOfFeed;
    private final Clock clock;

    /** @param circuitOfFeed the circuit breaker of a feed's vendor endpoint, by feed name */
    public DeadLetterReporter(DeadLetterStore store, RetryBackoff backoff, Function<String, CircuitBreaker> circuitOfFeed, Clock clock) {
        this.store = store;
        this.backoff = backoff;
        this.circuitOfFeed = circuitOfFeed;
        this.clock = clock;
    }

    /**
     * True when nothing was learnt about the batch itself: the failure is not the vendor's answer (the circuit
     * refused the call, the database failed), or it is an outage symptom while the circuit says the vendor is
     * down. Such a batch keeps its window open instead of becoming a DLQ row, so an outage fills no DLQ.
     */
    public boolean keepsWindow(Exchange exchange) {
        SymbolBatch batch = exchange.getProperty("ingestBatch", SymbolBatch.class);
        boolean circuitClosed = batch == null || circuitOfFeed.apply(batch.window().job().feed()).getState() == CircuitBreaker.State.CLOSED;
        return FailureClassifier.kind(exchange).keepsWindowOpen(circuitClosed);
    }

    /**
     * The DLQ row of a batch whose redeliveries are exhausted (or a single symbol refused): the parameters of the
     * dialect's {@code dlq.insert}, which the dead-letter route's {@code record-dead-letter} step runs. Due after
     * the first backoff, or parked at once when {@code ingest.dlq.max-retries} allows no replay.
     */
    public Map<String, Object> newRow(SymbolBatch batch, Exchange exchange) {
        return newRow(batch, exchange, null);
    }

    /**
     * The same under the fence the batch's work runs under (a catch-up's feed lease epoch, a backfill shard's take;
     * null: not fenced): written only while the lease has it. A row refused so leaves the batch counted as
     * dead-lettered, but its window's checkpoint advance is refused too (same fence), so nothing is lost: the new
     * leader, or the shard's new holder, fetches that window again.
     */
    public Map<String, Object> newRow(SymbolBatch batch, Exchange exchange, Fence fence) {
        int retries = batch.priorAttempts();
        return store.newRow(batch.window().job().feed(), requestOf(batch), reasonOf(exchange), retries,
                clock.instant().plus(backoff.delay(retries)), backoff.exhausted(retries), fence);
    }

    /** A replay of a DLQ row failed again: the parameters of {@code dlq.failed} - due again later, or parked. */
    public Map<String, Object> failedAgainRow(SymbolBatch batch, Exchange exchange) {
        int retries = batch.priorAttempts() + 1;
        return store.failedAgainRow(batch.deadLetterId(), retries, reasonOf(exchange),
                clock.instant().plus(backoff.delay(retries)), backoff.exhausted(retries));
    }

    /** The batch's DLQ row ({@code row}: its parameters) is committed: one log line says what became of it. */
    public void recorded(SymbolBatch batch, Map<String, Object> row) {
        boolean parked = row.get("parked_at") != null;
        if (batch.isReplay()) {
            if (parked) {
                LOG.error("{} failed {} replays and is parked for review (dlq list --parked): {}", batch, row.get("retry_count"), row.get("reason"));
            } else {
                LOG.warn("{} failed again ({} of {} replays): {}", batch, row.get("retry_count"), backoff.maxRetries(), row.get("reason"));
            }
        } else {
            LOG.warn("{} dead-lettered{}: {}", batch, parked ? " and parked" : "", row.get("reason"));
        }
    }

    private static String reasonOf(Exchange exchange) {
        return FailureClassifier.reason(FailureClassifier.caught(exchange));
    }

    /** True for a refusal (400/404/422 ...) of a batch of more than one symbol: halving it can isolate the culprit. */
    public boolean canIsolate(Exchange exchange) {
        SymbolBatch batch = exchange.getProperty("ingestBatch", SymbolBatch.class);
        return batch != null && batch.symbols().size() > 1 && FailureClassifier.kind(exchange).isolatable();
    }

    /**
     * The batch's DLQ row is committed and its window held (the vendor broke its contract): the rows of this batch's
     * earlier attempts at the held window are closed, as this one covers them. A replay's row was rescheduled or parked
     * already.
     */
    public void supersedeEarlierRows(SymbolBatch batch) {
        if (!batch.isReplay()) {
            int closed = store.supersede(batch.window().job().feed(), requestOf(batch), "storm-guard");
            if (closed > 0) {
                LOG.info("{}: {} earlier DLQ row(s) of the same held window superseded by this one", batch, closed);
            }
        }
    }

    private static ReplayRequest requestOf(SymbolBatch batch) {
        return new ReplayRequest(batch.window().job().cursorKey(), batch.symbols(), batch.start(), batch.end(),
                batch.window().job().writeMode());
    }
}
