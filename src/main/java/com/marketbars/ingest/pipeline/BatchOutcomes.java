package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.SymbolBatch;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Aggregation strategy of the batch split: a batch that failed (after its redeliveries) is recorded on its
 * window instead of aborting the siblings already in flight; the window's completion step then decides.
 */
public final class BatchOutcomes implements AggregationStrategy {
    public static final String BATCH_PROPERTY = "ingestBatch";

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exception failure = newExchange.getException();
        if (failure != null) {
            SymbolBatch batch = newExchange.getProperty(BATCH_PROPERTY, SymbolBatch.class);
            if (batch == null) {
                return newExchange;   // not ours to judge: let Camel propagate it
            }
            batch.window().recordFailure(batch, failure);
            newExchange.setException(null);
        }
        return oldExchange == null ? newExchange : oldExchange;
    }
}
