package com.marketbars.ingest.dlq;

import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.errors.FailureClassifier;
import com.marketbars.ingest.errors.FailureKind;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

/**
 * Where a batch goes when it could not be fetched (the dead-letter channel of {@code fetch-batch}). Each
 * outcome keeps the invariant that every (symbol, window) behind a checkpoint is in {@code bars} or in the DLQ:
 * <ul>
 *   <li>{@link #deadLetter}: the failure is recorded as a DLQ row - committed before the window may complete;</li>
 *   <li>{@link #isolate}: the vendor refused several symbols at once, so their halves are asked for next;</li>
 *   <li>{@link #keepWindow}: nothing was learnt about the batch (circuit open, the vendor down, database
 *       error); the window does not complete and is tried again.</li>
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
     * Records the batch in the DLQ: a new row (due after the first backoff), or, for a replay, its row's next
     * retry - or its parking once {@code ingest.dlq.max-retries} replays have failed.
     */
    public void deadLetter(SymbolBatch batch, Exchange exchange) {
        String reason = FailureClassifier.reason(FailureClassifier.caught(exchange));
        Instant now = clock.instant();
        if (batch.isReplay()) {
            int retries = batch.priorAttempts() + 1;
            boolean park = backoff.exhausted(retries);
            store.failedAgain(batch.deadLetterId(), retries, reason, now.plus(backoff.delay(retries)), park);
            if (park) {
                LOG.error("{} failed {} replays and is parked for review (dlq list --parked): {}", batch, retries, reason);
            } else {
                LOG.warn("{} failed again ({} of {} replays): {}", batch, retries, backoff.maxRetries(), reason);
            }
        } else {
            int retries = batch.priorAttempts();
            boolean park = backoff.exhausted(retries);
            ReplayRequest request = new ReplayRequest(batch.window().job().cursorKey(), batch.symbols(), batch.start(), batch.end(),
                    batch.window().job().writeMode());
            store.record(batch.window().job().feed(), request, reason, retries, now.plus(backoff.delay(retries)), park);
            LOG.warn("{} dead-lettered{}: {}", batch, park ? " and parked" : "", reason);
        }
        batch.deadLettered();
    }

    /** True for a refusal (400/404/422 ...) of a batch of more than one symbol: halving it can isolate the culprit. */
    public boolean canIsolate(Exchange exchange) {
        SymbolBatch batch = exchange.getProperty("ingestBatch", SymbolBatch.class);
        return batch != null && batch.symbols().size() > 1 && FailureClassifier.kind(exchange).isolatable();
    }

    public void isolate(SymbolBatch batch, Exchange exchange) {
        LOG.info("{} refused ({}); asking for its halves separately", batch, FailureClassifier.reason(FailureClassifier.caught(exchange)));
        batch.refusedAsWhole();
    }

    public void keepWindow(SymbolBatch batch, Exchange exchange) {
        Throwable t = FailureClassifier.caught(exchange);
        batch.failed(FailureKind.of(t), FailureClassifier.reason(t), t);
    }
}
