package com.marketbars.ingest.dlq;

import com.marketbars.ingest.model.RetryBackoff;
import com.marketbars.ingest.support.DeadLetterSteps;
import com.marketbars.ingest.support.Plans;
import com.marketbars.ingest.support.SettableClock;
import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.settings.CircuitSettings;
import com.marketbars.ingest.errors.FailureKind;
import com.marketbars.ingest.errors.VendorCircuitBreaker;
import com.marketbars.ingest.pipeline.BatchOutcomes;
import com.marketbars.ingest.errors.VendorContractException;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.errors.StoreException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

class DeadLetterReporterTest {

    private static final String SOURCE = "alpaca_bars_1min";
    private static final Instant NOW = Instant.parse("2026-11-24T15:00:00Z");
    private static final Instant FROM = Instant.parse("2026-11-20T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-25T00:00:00Z");
    private static final Instant START = Instant.parse("2026-11-24T00:00:00Z");
    private static final Instant END = Instant.parse("2026-11-25T00:00:00Z");
    private static final String URI = "https://data.alpaca.markets/v2/stocks/bars?symbols=AAPL,MSFT&feed=sip&page_token=abc";
    /** 1, 2, 4 ... minutes, at most 6 hours, parked after 3 failed replays. */
    private static final RetryBackoff BACKOFF = new RetryBackoff(Duration.ofMinutes(1), 2, Duration.ofHours(6), 3);

    @TempDir
    Path dir;

    private Database db;
    private DefaultCamelContext camel;
    private SettableClock clock;
    private DeadLetterStore store;
    private CircuitBreaker circuit;
    private DeadLetterReporter reporter;
    private final BatchOutcomes outcomes = new BatchOutcomes();

    @BeforeEach
    void open() {
        db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"), 2);
        camel = new DefaultCamelContext();
        clock = new SettableClock(NOW);
        store = new DeadLetterStore(db, clock);
        circuit = VendorCircuitBreaker.create("vendor-test", new CircuitSettings(50, 10, 20, Duration.ofMinutes(1), 2));
        reporter = new DeadLetterReporter(store, BACKOFF, feed -> circuit, clock);
    }

    @AfterEach
    void close() throws Exception {
        circuit.reset();   // cancels the scheduled OPEN -> HALF_OPEN transition of a test that opened it
        camel.close();
        db.close();
    }

    @Test
    void a_fresh_failure_becomes_one_row_due_after_the_initial_delay() {
        IngestWindow w = window(List.of("AAPL", "MSFT", "NVDA"), 50);
        SymbolBatch batch = w.batches().get(0);

        DeadLetterSteps.deadLetter(db, reporter, batch, failed(batch, http(503, "{\"message\":\"service unavailable\"}")));

        List<DeadLetter> rows = store.list(SOURCE, false);
        assertThat(rows).hasSize(1);
        DeadLetter row = rows.get(0);
        assertThat(row.request()).isEqualTo(new ReplayRequest(w.job().cursorKey(), List.of("AAPL", "MSFT", "NVDA"), START, END));
        assertThat(row.reason()).isEqualTo("HTTP 503: {\"message\":\"service unavailable\"}");
        assertThat(row.retryCount()).isZero();
        assertThat(row.nextRetryAt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
        assertThat(row.parked()).isFalse();
        assertThat(w.deadLettered()).isEqualTo(1);
        assertThat(w.failures()).isEmpty();
        assertThat(batch.outcome()).isEqualTo(SymbolBatch.Outcome.DEAD_LETTERED);

        assertThat(store.due(SOURCE, 10)).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(store.due(SOURCE, 10)).extracting(DeadLetter::id).containsExactly(row.id());
    }

    @Test
    void a_broken_vendor_contract_is_a_row_and_a_held_window_and_a_later_attempt_supersedes_the_earlier_row() {
        // in steady state a held window is asked for again on each trigger, to a later end each time
        List<String> symbols = List.of("AAPL", "MSFT");
        IngestJob job = IngestJob.backfill(SOURCE, Plans.DEFAULT, symbols, FROM, TO, WriteMode.INSERT_ONLY);
        IngestWindow first = new IngestWindow(job, START, START.plusSeconds(15 * 3600), symbols, 50);
        IngestWindow second = new IngestWindow(job, START, START.plusSeconds(15 * 3600 + 60), symbols, 50);
        VendorContractException storm = new VendorContractException("rejection storm: the quality gate refused 10 of 10 bars");

        for (IngestWindow w : List.of(first, second)) {
            SymbolBatch batch = w.batches().get(0);
            Exchange failed = failed(batch, storm);
            DeadLetterSteps.deadLetter(db, reporter, batch, failed);
            outcomes.contractBroken(batch, failed);   // the route's vendor-contract-broken steps
            reporter.supersedeEarlierRows(batch);
            assertThat(w.deadLettered()).isEqualTo(1);
            assertThat(w.failureKinds()).as("held: no checkpoint passes it").containsExactly(FailureKind.VENDOR_CONTRACT);
        }

        List<DeadLetter> rows = store.list(SOURCE, false);
        assertThat(rows).extracting(DeadLetter::request)
                .containsExactly(new ReplayRequest(job.cursorKey(), symbols, START, second.end()));
        assertThat(rows.get(0).reason()).isEqualTo("VendorContractException: rejection storm: the quality gate refused 10 of 10 bars");
        assertThat(store.audit(SOURCE)).extracting(DeadLetterStore.AuditEntry::action, DeadLetterStore.AuditEntry::actor)
                .containsExactly(tuple("superseded", "storm-guard"));
    }

    @Test
    void the_row_names_the_cursor_of_its_job_and_only_the_symbols_of_its_batch() {
        IngestWindow w = window(List.of("AAPL", "MSFT", "NVDA", "TSLA", "V"), 2);
        SymbolBatch second = w.batches().get(1);

        DeadLetterSteps.deadLetter(db, reporter, second, failed(second, new SocketTimeoutException("Read timed out")));

        DeadLetter row = store.list(SOURCE, false).get(0);
        assertThat(row.feed()).isEqualTo(SOURCE);
        assertThat(row.request().cursorKey()).isEqualTo(SOURCE + "@backfill:" + FROM + "/" + TO);
        assertThat(row.request().symbols()).containsExactly("NVDA", "TSLA");
        assertThat(row.reason()).isEqualTo("SocketTimeoutException: Read timed out");
        assertThat(w.deadLettered()).isEqualTo(1);
    }

    @Test
    void the_reason_holds_the_status_and_body_but_never_the_request_uri() {
        IngestWindow w = window(List.of("AAPL", "MSFT"), 50);
        SymbolBatch batch = w.batches().get(0);

        DeadLetterSteps.deadLetter(db, reporter, batch, failed(batch, http(500, "upstream\n  error")));

        String reason = store.list(SOURCE, false).get(0).reason();
        assertThat(reason).isEqualTo("HTTP 500: upstream error");
        assertThat(reason).doesNotContain("data.alpaca.markets", "page_token", "feed=");
        assertThat(store.list(SOURCE, false).get(0).request().toJson()).doesNotContain("alpaca.markets");
    }

    @Test
    void the_same_batch_dead_lettered_twice_is_still_one_row() {
        IngestWindow first = window(List.of("AAPL", "MSFT"), 50);
        DeadLetterSteps.deadLetter(db, reporter, first.batches().get(0), failed(first.batches().get(0), http(503, "a")));
        clock.advance(Duration.ofSeconds(30));
        IngestWindow again = window(List.of("AAPL", "MSFT"), 50);

        DeadLetterSteps.deadLetter(db, reporter, again.batches().get(0), failed(again.batches().get(0), http(502, "b")));

        assertThat(store.list(SOURCE, false)).singleElement().satisfies(row -> {
            assertThat(row.reason()).isEqualTo("HTTP 502: b");
            assertThat(row.nextRetryAt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
        });
        assertThat(again.deadLettered()).isEqualTo(1);
    }

    @Test
    void a_failed_replay_counts_one_more_retry_and_is_rescheduled_with_the_grown_delay() {
        DeadLetter row = seed(List.of("AAPL"), 0);
        clock.set(NOW.plus(Duration.ofMinutes(1)));
        IngestWindow replay = replayOf(row);
        SymbolBatch batch = replay.batches().get(0);

        DeadLetterSteps.deadLetter(db, reporter, batch, failed(batch, http(503, "still down")));

        DeadLetter after = store.get(row.id()).orElseThrow();
        assertThat(after.retryCount()).isEqualTo(1);
        assertThat(after.reason()).isEqualTo("HTTP 503: still down");
        assertThat(after.nextRetryAt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)).plus(Duration.ofMinutes(2)));
        assertThat(after.parked()).isFalse();
        assertThat(store.list(SOURCE, false)).hasSize(1);
        assertThat(replay.deadLettered()).isEqualTo(1);
        assertThat(batch.outcome()).isEqualTo(SymbolBatch.Outcome.DEAD_LETTERED);
    }

    @Test
    void each_further_failed_replay_doubles_the_delay() {
        DeadLetter row = seed(List.of("AAPL"), 1);
        IngestWindow replay = replayOf(row);

        DeadLetterSteps.deadLetter(db, reporter, replay.batches().get(0), failed(replay.batches().get(0), http(503, "")));

        DeadLetter after = store.get(row.id()).orElseThrow();
        assertThat(after.retryCount()).isEqualTo(2);
        assertThat(after.reason()).isEqualTo("HTTP 503");
        assertThat(after.nextRetryAt()).isEqualTo(NOW.plus(Duration.ofMinutes(4)));
    }

    @Test
    void a_replay_failing_for_the_max_retries_th_time_is_parked() {
        DeadLetter row = seed(List.of("AAPL"), 2);
        IngestWindow replay = replayOf(row);

        DeadLetterSteps.deadLetter(db, reporter, replay.batches().get(0), failed(replay.batches().get(0), http(422, "{\"message\":\"invalid symbol\"}")));

        DeadLetter after = store.get(row.id()).orElseThrow();
        assertThat(after.retryCount()).isEqualTo(3);
        assertThat(after.parked()).isTrue();
        assertThat(after.parkedAt()).isEqualTo(NOW);
        clock.advance(Duration.ofDays(30));
        assertThat(store.due(SOURCE, 10)).isEmpty();
        assertThat(store.list(SOURCE, true)).extracting(DeadLetter::id).containsExactly(row.id());
    }

    @Test
    void a_half_of_a_refused_replay_is_a_new_row_that_keeps_the_attempts_spent() {
        DeadLetter row = seed(List.of("AAPL", "MSFT"), 1);
        IngestWindow replay = replayOf(row);
        replay.batches().get(0).refusedAsWhole();
        SymbolBatch half = List.of(replay.pollIsolated(), replay.pollIsolated()).get(1);

        DeadLetterSteps.deadLetter(db, reporter, half, failed(half, http(422, "{\"message\":\"invalid symbol: MSFT\"}")));

        DeadLetter halfRow = store.list(SOURCE, false).stream().filter(d -> d.id() != row.id()).findFirst().orElseThrow();
        assertThat(halfRow.request().symbols()).containsExactly("MSFT");
        assertThat(halfRow.request().cursorKey()).isEqualTo(row.request().cursorKey());
        assertThat(halfRow.retryCount()).isEqualTo(2);
        assertThat(halfRow.nextRetryAt()).isEqualTo(NOW.plus(Duration.ofMinutes(4)));
        assertThat(halfRow.parked()).isFalse();
        assertThat(store.get(row.id()).orElseThrow().retryCount()).isEqualTo(1);
    }

    @Test
    void a_half_inheriting_max_retries_is_parked_at_once() {
        DeadLetter row = seed(List.of("AAPL", "MSFT"), 2);
        IngestWindow replay = replayOf(row);
        replay.batches().get(0).refusedAsWhole();
        SymbolBatch half = List.of(replay.pollIsolated(), replay.pollIsolated()).get(0);

        DeadLetterSteps.deadLetter(db, reporter, half, failed(half, http(404, "not found")));

        DeadLetter halfRow = store.list(SOURCE, true).get(0);
        assertThat(halfRow.request().symbols()).containsExactly("AAPL");
        assertThat(halfRow.retryCount()).isEqualTo(3);
        assertThat(halfRow.parkedAt()).isEqualTo(NOW);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 422})
    void a_refusal_of_several_symbols_can_be_isolated(int status) {
        IngestWindow w = window(List.of("AAPL", "MSFT", "NVDA"), 50);

        assertThat(reporter.canIsolate(failed(w.batches().get(0), http(status, "{\"message\":\"invalid symbol\"}")))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 408, 429, 500, 503})
    void other_http_failures_of_several_symbols_are_not_isolated(int status) {
        IngestWindow w = window(List.of("AAPL", "MSFT", "NVDA"), 50);

        assertThat(reporter.canIsolate(failed(w.batches().get(0), http(status, "x")))).isFalse();
    }

    @Test
    void io_failures_are_not_isolated() {
        IngestWindow w = window(List.of("AAPL", "MSFT", "NVDA"), 50);

        assertThat(reporter.canIsolate(failed(w.batches().get(0), new IOException("connection reset")))).isFalse();
    }

    @Test
    void a_refusal_of_a_single_symbol_cannot_be_isolated() {
        IngestWindow w = window(List.of("AAPL"), 50);

        assertThat(reporter.canIsolate(failed(w.batches().get(0), http(422, "{\"message\":\"invalid symbol\"}")))).isFalse();
    }

    @Test
    void an_exchange_without_a_batch_cannot_be_isolated() {
        Exchange ex = new DefaultExchange(camel);
        ex.setProperty(Exchange.EXCEPTION_CAUGHT, http(422, "x"));

        assertThat(reporter.canIsolate(ex)).isFalse();
    }

    @Test
    void a_refusal_wrapped_by_camel_can_still_be_isolated() {
        IngestWindow w = window(List.of("AAPL", "MSFT"), 50);
        Exchange ex = new DefaultExchange(camel);
        ex.setProperty("ingestBatch", w.batches().get(0));
        ex.setException(new org.apache.camel.RuntimeCamelException(http(400, "bad request")));

        assertThat(reporter.canIsolate(ex)).isTrue();
    }

    @Test
    void keeps_window_when_the_failure_is_not_the_vendors_answer_whatever_the_circuit() {
        IngestWindow w = window(List.of("AAPL", "MSFT"), 50);
        SymbolBatch batch = w.batches().get(0);
        Throwable circuitOpen = CallNotPermittedException.createCallNotPermittedException(circuit);
        Throwable database = new StoreException("writing bars failed", new SQLException("database is locked"));

        assertThat(reporter.keepsWindow(failed(batch, circuitOpen))).isTrue();
        assertThat(reporter.keepsWindow(failed(batch, database))).isTrue();
        assertThat(reporter.keepsWindow(failed(batch, new IllegalStateException("a bug")))).isTrue();
        circuit.transitionToOpenState();
        assertThat(reporter.keepsWindow(failed(batch, circuitOpen))).isTrue();
        assertThat(reporter.keepsWindow(failed(batch, database))).isTrue();
    }

    @Test
    void an_outage_symptom_is_dead_lettered_while_the_circuit_is_closed() {
        IngestWindow w = window(List.of("AAPL", "MSFT"), 50);
        SymbolBatch batch = w.batches().get(0);
        assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

        assertThat(reporter.keepsWindow(failed(batch, http(503, "down")))).isFalse();
        assertThat(reporter.keepsWindow(failed(batch, http(408, "")))).isFalse();
        assertThat(reporter.keepsWindow(failed(batch, new SocketTimeoutException("Read timed out")))).isFalse();
    }

    @Test
    void an_outage_symptom_keeps_the_window_while_the_circuit_is_open_or_half_open() {
        IngestWindow w = window(List.of("AAPL", "MSFT"), 50);
        SymbolBatch batch = w.batches().get(0);

        circuit.transitionToOpenState();
        assertThat(reporter.keepsWindow(failed(batch, http(503, "down")))).isTrue();
        assertThat(reporter.keepsWindow(failed(batch, new SocketTimeoutException("Read timed out")))).isTrue();

        circuit.transitionToHalfOpenState();
        assertThat(reporter.keepsWindow(failed(batch, http(502, "bad gateway")))).isTrue();
        assertThat(reporter.keepsWindow(failed(batch, new IOException("connection reset")))).isTrue();
    }

    @Test
    void a_refusal_or_quota_answer_does_not_keep_the_window_even_with_the_circuit_open() {
        IngestWindow w = window(List.of("AAPL", "MSFT"), 50);
        SymbolBatch batch = w.batches().get(0);
        circuit.transitionToOpenState();

        assertThat(reporter.keepsWindow(failed(batch, http(422, "{\"message\":\"invalid symbol\"}")))).isFalse();
        assertThat(reporter.keepsWindow(failed(batch, http(404, "")))).isFalse();
        assertThat(reporter.keepsWindow(failed(batch, http(429, "")))).isFalse();
    }

    @Test
    void a_page_that_does_not_parse_is_dead_lettered_even_with_the_circuit_open() {
        IngestWindow w = window(List.of("AAPL", "MSFT"), 50);
        SymbolBatch batch = w.batches().get(0);
        Throwable parse = catchThrowable(() -> new ObjectMapper().readTree("{\"bars\":"));
        circuit.transitionToOpenState();

        assertThat(reporter.keepsWindow(failed(batch, parse))).isFalse();
    }

    private IngestWindow window(List<String> symbols, int batchSize) {
        return new IngestWindow(IngestJob.backfill(SOURCE, Plans.DEFAULT, symbols, FROM, TO, WriteMode.INSERT_ONLY), START, END, symbols, batchSize);
    }

    private DeadLetter seed(List<String> symbols, int retryCount) {
        ReplayRequest r = new ReplayRequest(SOURCE, symbols, START, END);
        store.record(SOURCE, r, "HTTP 503", retryCount, NOW, false);
        return store.list(SOURCE, false).stream().filter(d -> d.request().equals(r)).findFirst().orElseThrow();
    }

    private static IngestWindow replayOf(DeadLetter row) {
        ReplayRequest r = row.request();
        IngestJob job = IngestJob.replay(SOURCE, Plans.DEFAULT, row.id(), r.cursorKey(), r.symbols(), r.start(), r.end(), r.writeMode());
        return IngestWindow.replay(job, r.start(), r.end(), r.symbols(), row.id(), row.retryCount());
    }

    private Exchange failed(SymbolBatch batch, Throwable cause) {
        Exchange ex = new DefaultExchange(camel);
        ex.setProperty(Exchange.EXCEPTION_CAUGHT, cause);
        ex.setProperty("ingestBatch", batch);
        return ex;
    }

    private static HttpOperationFailedException http(int status, String body) {
        return new HttpOperationFailedException(URI, status, "status " + status, null, Map.of(), body);
    }
}
