package com.marketbars.ingest.support;

import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.dlq.DeadLetterReporter;
import com.marketbars.ingest.pipeline.BatchOutcomes;
import com.marketbars.ingest.store.Database;
import org.apache.camel.Exchange;

import java.util.Map;

/**
 * The {@code dead-letter} branch of route {@code batch-dead-letter}, step for step, for specs of the beans it calls:
 * the row's parameters from the reporter, the dialect's statement run with them (the route's {@code jdbc:} step), the
 * reporter's log line, then the batch marked durable (by the pipeline's {@link BatchOutcomes}). Route specs run the
 * route itself.
 */
public final class DeadLetterSteps {
    private DeadLetterSteps() {
    }

    public static void deadLetter(Database db, DeadLetterReporter reporter, SymbolBatch batch, Exchange failed) {
        Map<String, Object> row = batch.isReplay() ? reporter.failedAgainRow(batch, failed) : reporter.newRow(batch, failed);
        db.update("recording a DLQ row", batch.isReplay() ? "dlq.failed" : "dlq.insert", row);
        reporter.recorded(batch, row);
        new BatchOutcomes().deadLettered(batch);
    }
}
