package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.errors.FailureKind;
import com.marketbars.ingest.errors.StoreException;
import com.marketbars.ingest.errors.VendorContractException;
import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.support.Plans;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a batch's end is recorded on its window: the dead-letter channel's steps, once the dlq's reporter has decided and
 * recorded (route batch-dead-letter), and the fetch-ahead split's aggregation, which frees the batch's slot.
 */
class BatchOutcomesTest {
    private static final Instant FROM = Instant.parse("2026-11-20T00:00:00Z");
    private static final Instant START = Instant.parse("2026-11-24T00:00:00Z");
    private static final Instant END = Instant.parse("2026-11-25T00:00:00Z");

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final BatchOutcomes outcomes = new BatchOutcomes();

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void aDeadLetteredBatchCountsAsDurableSoItsWindowMayComplete() {
        IngestWindow w = window(List.of("AAPL", "MSFT"), 50);
        SymbolBatch batch = w.batches().get(0);

        outcomes.deadLettered(batch);

        assertThat(w.deadLettered()).isEqualTo(1);
        assertThat(w.failures()).isEmpty();
        assertThat(batch.outcome()).isEqualTo(SymbolBatch.Outcome.DEAD_LETTERED);
    }

    @Test
    void aBatchRefusedAsAWholeQueuesTwoHalvesThatPartitionIt() {
        List<String> symbols = IntStream.range(0, 50).mapToObj(i -> "S" + i).toList();
        IngestWindow w = window(symbols, 50);
        SymbolBatch batch = w.batches().get(0);

        outcomes.refusedAsWhole(batch, failed(batch, http(422, "{\"message\":\"invalid symbol: S7\"}")));

        assertThat(batch.outcome()).isEqualTo(SymbolBatch.Outcome.SPLIT);
        List<SymbolBatch> halves = List.of(w.pollIsolated(), w.pollIsolated());
        assertThat(halves).extracting(h -> h.symbols().size()).containsExactly(25, 25);
        List<String> together = new ArrayList<>(halves.get(0).symbols());
        together.addAll(halves.get(1).symbols());
        assertThat(together).containsExactlyElementsOf(symbols);
        assertThat(halves).allSatisfy(h -> {
            assertThat(h.window()).isSameAs(w);
            assertThat(h.isReplay()).isFalse();
        });
        assertThat(w.pollIsolated()).isNull();
        assertThat(w.deadLettered()).isZero();
        assertThat(w.failures()).isEmpty();
    }

    @Test
    void aBatchNotFetchedKeepsItsWindowOpenWithTheFailureOfItsKind() {
        IngestWindow w = window(List.of("AAPL", "MSFT"), 50);
        SymbolBatch batch = w.batches().get(0);

        CircuitBreaker circuit = CircuitBreaker.ofDefaults("alpaca");
        circuit.transitionToOpenState();

        outcomes.notFetched(batch, failed(batch, CallNotPermittedException.createCallNotPermittedException(circuit)));

        assertThat(w.failures()).singleElement().asString()
                .contains("AAPL..MSFT")
                .contains("CircuitBreaker 'alpaca' is OPEN");
        assertThat(w.failureKinds()).containsExactly(FailureKind.CIRCUIT_OPEN);
        assertThat(w.deadLettered()).isZero();
        assertThat(batch.outcome()).isNull();
    }

    @Test
    void aBrokenVendorContractHoldsTheWindowOfADeadLetteredBatch() {
        IngestWindow w = window(List.of("AAPL", "MSFT"), 50);
        SymbolBatch batch = w.batches().get(0);
        Exchange storm = failed(batch, new VendorContractException("rejection storm: the quality gate refused 10 of 10 bars"));

        outcomes.deadLettered(batch);
        outcomes.contractBroken(batch, storm);

        assertThat(w.deadLettered()).isEqualTo(1);
        assertThat(w.failureKinds()).as("held: no checkpoint passes it").containsExactly(FailureKind.VENDOR_CONTRACT);
        assertThat(w.failures()).singleElement().asString().contains("rejection storm");
    }

    @Test
    void aBatchThatFailedOutrightIsRecordedOnItsWindowBeforeItsSlotIsFreed() throws Exception {
        IngestWindow w = window(List.of("AAPL", "MSFT"), 1);
        WindowsAhead ahead = aheadOf(w);
        Iterator<SymbolBatch> batches = ahead.batches();
        SymbolBatch failedOutright = batches.next();
        SymbolBatch written = batches.next();
        Exchange input = windowExchange(ahead);
        Exception dlqDown = new StoreException("recording a DLQ row failed",
                new SQLTransientConnectionException("connection is not available, request timed out"));
        Exchange failedBatch = failed(failedOutright, dlqDown);
        failedBatch.setException(dlqDown);

        assertThat(outcomes.aggregate(null, failedBatch, input)).as("the window's exchange goes on").isSameAs(input);
        assertThat(w.failureKinds()).containsExactly(FailureKind.DATABASE_UNAVAILABLE);
        assertThat(ahead.batchesInFlight()).isEqualTo(1);
        assertThat(w.allBatchesEnded()).isFalse();

        assertThat(outcomes.aggregate(input, batchExchange(written), input)).isSameAs(input);
        assertThat(ahead.batchesInFlight()).isZero();
        assertThat(ahead.nextEnded()).as("ended, and held by its failure").isSameAs(w);
    }

    @Test
    void aFailureWithoutABatchIsLeftToCamelAndStillFreesItsSlot() {
        IngestWindow w = window(List.of("AAPL"), 50);
        WindowsAhead ahead = aheadOf(w);
        ahead.batches().next();
        Exchange input = windowExchange(ahead);
        Exchange beforeFetchBatch = new DefaultExchange(camel);
        beforeFetchBatch.setException(new IllegalStateException("no consumer on direct:fetch-batch"));

        assertThat(outcomes.aggregate(null, beforeFetchBatch, input)).isSameAs(beforeFetchBatch);
        assertThat(ahead.batchesInFlight()).isZero();
        assertThat(w.failures()).isEmpty();
        assertThat(w.allBatchesEnded()).as("its batch was never told: the window never ends").isFalse();
    }

    private static IngestWindow window(List<String> symbols, int batchSize) {
        IngestJob job = IngestJob.backfill("alpaca_bars_1min", Plans.DEFAULT, symbols, FROM, END, WriteMode.INSERT_ONLY);
        return new IngestWindow(job, START, END, symbols, batchSize);
    }

    /** A catch-up of this one window. */
    private static WindowsAhead aheadOf(IngestWindow w) {
        Iterator<IngestWindow> windows = List.of(w).iterator();
        return new WindowsAhead("spec", () -> windows.hasNext() ? windows.next() : null, 1, 4, () -> true,
                WindowsAhead.HandBack.IN_PLANNING_ORDER);
    }

    private Exchange windowExchange(WindowsAhead ahead) {
        Exchange ex = new DefaultExchange(camel);
        ex.setProperty(WindowsAhead.PROPERTY, ahead);
        return ex;
    }

    private Exchange batchExchange(SymbolBatch batch) {
        Exchange ex = new DefaultExchange(camel);
        ex.setProperty(BatchOutcomes.BATCH_PROPERTY, batch);
        return ex;
    }

    /** The exchange the dead-letter channel receives: the batch, and the failure Camel caught. */
    private Exchange failed(SymbolBatch batch, Throwable cause) {
        Exchange ex = batchExchange(batch);
        ex.setProperty(Exchange.EXCEPTION_CAUGHT, cause);
        return ex;
    }

    private static HttpOperationFailedException http(int status, String body) {
        return new HttpOperationFailedException("https://data.alpaca.markets/v2/stocks/bars", status, "status " + status, null, Map.of(), body);
    }
}
