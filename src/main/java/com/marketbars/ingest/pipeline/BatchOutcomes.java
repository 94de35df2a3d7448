package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.errors.FailureClassifier;
import com.marketbars.ingest.errors.FailureKind;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How each batch ended, recorded on its window: the one place outside the page writer where a batch's outcome is told
 * to it (the {@code pipeline} package owns every change of a window; PackageRulesTest holds it so).
 * <ul>
 *   <li>The dead-letter channel's steps ({@code batch-dead-letter}), each once the dlq's reporter has decided and
 *       recorded what it had to: {@link #deadLettered}, {@link #refusedAsWhole}, {@link #notFetched},
 *       {@link #contractBroken}.</li>
 *   <li>The aggregation strategy of the fetch-ahead split: a batch that failed outright - its dead-letter channel
 *       failed too - is recorded as a failure of its window instead of aborting the siblings in flight (the window's
 *       completion step then decides); only then is the job's {@link WindowsAhead} told that the batch ended, so no
 *       window is ever taken for completion before a failure of one of its batches is on record. Camel calls it on the
 *       thread that finished the batch (or one aggregating at that moment, under the split's lock), right after the
 *       batch ends, so a batch slot is freed as soon as it can be.</li>
 * </ul>
 * The window's exchange must not take over a batch's exchange: one the dead-letter channel handled carries Camel's
 * "handled by the error handler" mark, which would silently end the window's route at the next step.
 */
public final class BatchOutcomes implements AggregationStrategy {
    public static final String BATCH_PROPERTY = "ingestBatch";
    private static final Logger LOG = LoggerFactory.getLogger(BatchOutcomes.class);

    /** Route step: the batch's DLQ row is committed, so the batch counts as durable and its window may complete. */
    public void deadLettered(SymbolBatch batch) {
        batch.deadLettered();
    }

    /** Route step: the vendor refused several symbols at once; the batch's halves are asked for next. */
    public void refusedAsWhole(SymbolBatch batch, Exchange exchange) {
        LOG.info("{} refused ({}); asking for its halves separately", batch, FailureClassifier.reason(FailureClassifier.caught(exchange)));
        batch.refusedAsWhole();
    }

    /**
     * Route step: nothing was learnt about the batch (circuit open, the vendor down, database error) and nothing was
     * recorded for it: its window does not complete and is tried again.
     */
    public void notFetched(SymbolBatch batch, Exchange exchange) {
        Throwable t = FailureClassifier.caught(exchange);
        batch.failed(FailureKind.of(t), FailureClassifier.reason(t), t);
    }

    /**
     * Route step: the batch's DLQ row is committed, but the vendor broke its contract (a rejection storm): its window
     * must not be checkpointed either - checkpointed, it would report success with nothing stored - so it is held.
     */
    public void contractBroken(SymbolBatch batch, Exchange exchange) {
        Throwable t = FailureClassifier.caught(exchange);
        batch.failed(FailureKind.VENDOR_CONTRACT, FailureClassifier.reason(t), t);
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange, Exchange inputExchange) {
        SymbolBatch batch = newExchange.getProperty(BATCH_PROPERTY, SymbolBatch.class);
        Exception failure = newExchange.getException();
        Exchange result = inputExchange;
        if (failure != null) {
            if (batch == null) {
                result = newExchange;   // not ours to judge: let Camel propagate it
            } else {
                batch.failed(failure);
            }
        }
        inputExchange.getProperty(WindowsAhead.PROPERTY, WindowsAhead.class).batchEnded(batch);
        return result;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        throw new UnsupportedOperationException("Camel's splitter calls aggregate(old, new, input)");
    }
}
