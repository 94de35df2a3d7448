package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.SymbolBatch;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Aggregation strategy of the batch splits. Batches report how they ended on their window (written,
 * dead-lettered, split, or a failure recorded there); the window's exchange itself goes on unchanged. A batch
 * that failed outright - its dead-letter channel failed too - is recorded as a failure of its window instead of
 * aborting the siblings already in flight; the window's completion step then decides.
 * <p>
 * The window's exchange must not take over a batch's exchange: one the dead-letter channel handled carries
 * Camel's "handled by the error handler" mark, which would silently end the window's route at the next step.
 */
public final class BatchOutcomes implements AggregationStrategy {
    public static final String BATCH_PROPERTY = "ingestBatch";

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange, Exchange inputExchange) {
        Exception failure = newExchange.getException();
        if (failure != null) {
            SymbolBatch batch = newExchange.getProperty(BATCH_PROPERTY, SymbolBatch.class);
            if (batch == null) {
                return newExchange;   // not ours to judge: let Camel propagate it
            }
            batch.failed(failure);
        }
        return inputExchange;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        throw new UnsupportedOperationException("Camel's splitter calls aggregate(old, new, input)");
    }
}
