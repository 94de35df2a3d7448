package com.marketbars.ingest.dlq;

import com.marketbars.ingest.checkpoint.SymbolBatch;

import java.util.List;

/**
 * A deliberate breach, for {@code PackageRulesTest} only: a dlq class that marks batches dead-lettered itself, as
 * DeadLetterReporter once did, instead of leaving that to the pipeline's BatchOutcomes - once by a call, once by a
 * method reference. It lives among the specs' classes, which the package rules do not hold, so the product's own check
 * stays green.
 */
public final class ReporterThatMarksTheBatch {
    private ReporterThatMarksTheBatch() {
    }

    public static void deadLettered(SymbolBatch batch) {
        batch.deadLettered();
    }

    public static void allDeadLettered(List<SymbolBatch> batches) {
        batches.forEach(SymbolBatch::deadLettered);
    }
}
