package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.SymbolBatch;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Aggregation strategy of the fetch-ahead split. A batch's outcome is recorded on its window first, as in
 * {@link BatchOutcomes}; only then is the job's {@link WindowsAhead} told that the batch ended. In that order, no
 * window is ever taken for completion before a failure of one of its batches is on record.
 * <p>
 * Camel calls it on the thread that finished the batch (or on one aggregating at that moment, under the split's lock),
 * right after the batch ends, so a batch slot is freed as soon as it can be.
 */
public final class FetchAheadOutcomes implements AggregationStrategy {
    private final BatchOutcomes outcomes = new BatchOutcomes();

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange, Exchange inputExchange) {
        Exchange result = outcomes.aggregate(oldExchange, newExchange, inputExchange);
        WindowsAhead ahead = inputExchange.getProperty(WindowsAhead.PROPERTY, WindowsAhead.class);
        ahead.batchEnded(newExchange.getProperty(BatchOutcomes.BATCH_PROPERTY, SymbolBatch.class));
        return result;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        throw new UnsupportedOperationException("Camel's splitter calls aggregate(old, new, input)");
    }
}
