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
import com.marketbars.ingest.errors.VendorCircuitBreaker;
import com.marketbars.ingest.pipeline.BatchOutcomes;
import com.marketbars.ingest.store.Database;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RetryWorkerTest {

    private static final String SOURCE = "alpaca_bars_1min";
    private static final String BACKFILL = SOURCE + "@backfill:2026-11-01T00:00:00Z/2026-11-10T00:00:00Z";
    private static final Instant NOW = Instant.parse("2026-11-24T15:00:00Z");
    private static final Instant START = Instant.parse("2026-11-24T00:00:00Z");
    private static final Instant END = Instant.parse("2026-11-25T00:00:00Z");
    private static final RetryBackoff BACKOFF = new RetryBackoff(Duration.ofMinutes(1), 2, Duration.ofHours(6), 10);

    @TempDir
    Path dir;

    private Database db;
    private DefaultCamelContext camel;
    private SettableClock clock;
    private DeadLetterStore store;
    private RetryWorker worker;
    private DeadLetterReporter reporter;
    private final BatchOutcomes outcomes = new BatchOutcomes();

    @BeforeEach
    void open() {
        db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"), 2);
        camel = new DefaultCamelContext();
        clock = new SettableClock(NOW);
        store = new DeadLetterStore(db, clock);
        worker = new RetryWorker(store, List.of(Plans.jobs(SOURCE, db)), feed -> true);
        var circuit = VendorCircuitBreaker.create("vendor-test", new CircuitSettings(50, 10, 20, Duration.ofMinutes(1), 2));
        reporter = new DeadLetterReporter(store, BACKOFF, feed -> circuit, clock);
    }

    @AfterEach
    void close() throws Exception {
        camel.close();
        db.close();
    }

    @Test
    void no_due_rows_no_replays() {
        store.record(SOURCE, request(SOURCE, "AAPL"), "HTTP 503", 0, NOW.plusSeconds(60), false);

        assertThat(worker.dueReplays()).isEmpty();
    }

    @Test
    void due_replays_builds_one_replay_window_per_due_row_with_its_cursor_symbols_and_window() {
        ReplayRequest scheduled = request(SOURCE, "AAPL", "MSFT");
        ReplayRequest backfill = new ReplayRequest(BACKFILL, List.of("NVDA"), Instant.parse("2026-11-02T00:00:00Z"),
                Instant.parse("2026-11-03T00:00:00Z"));
        store.record(SOURCE, scheduled, "HTTP 503", 2, NOW.minusSeconds(10), false);
        store.record(SOURCE, backfill, "HTTP 422", 0, NOW.minusSeconds(20), false);
        store.record(SOURCE, request(SOURCE, "TSLA"), "HTTP 503", 0, NOW.plusSeconds(60), false);   // not yet due
        store.record(SOURCE, request(SOURCE, "V"), "HTTP 422", 10, NOW.minusSeconds(60), true);     // parked
        store.record("polygon_bars_1min", request(SOURCE, "JPM"), "HTTP 503", 0, NOW.minusSeconds(60), false);
        DeadLetter scheduledRow = rowOf(scheduled);
        DeadLetter backfillRow = rowOf(backfill);

        List<IngestWindow> replays = worker.dueReplays();

        assertThat(replays).hasSize(2);
        IngestWindow first = replays.get(0);   // due first
        assertThat(first.job().cursorKey()).isEqualTo(BACKFILL);
        assertThat(first.job().oneShot()).isFalse();
        assertThat(first.symbols()).containsExactly("NVDA");
        assertThat(first.start()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
        assertThat(first.end()).isEqualTo(Instant.parse("2026-11-03T00:00:00Z"));
        assertThat(first.batches()).singleElement().satisfies(b -> {
            assertThat(b.isReplay()).isTrue();
            assertThat(b.deadLetterId()).isEqualTo(backfillRow.id());
            assertThat(b.priorAttempts()).isZero();
        });

        IngestWindow second = replays.get(1);
        assertThat(second.job().cursorKey()).isEqualTo(SOURCE);
        assertThat(second.job().label()).isEqualTo("DLQ #" + scheduledRow.id());
        assertThat(second.symbols()).containsExactly("AAPL", "MSFT");
        assertThat(second.start()).isEqualTo(START);
        assertThat(second.end()).isEqualTo(END);
        assertThat(second.batches()).singleElement().satisfies(b -> {
            assertThat(b.symbols()).containsExactly("AAPL", "MSFT");
            assertThat(b.deadLetterId()).isEqualTo(scheduledRow.id());
            assertThat(b.priorAttempts()).isEqualTo(2);
        });
    }

    @Test
    void a_replay_of_many_symbols_is_one_batch() {
        List<String> symbols = IntStream.range(0, 120).mapToObj(i -> "S" + i).toList();
        store.record(SOURCE, new ReplayRequest(SOURCE, symbols, START, END), "HTTP 503", 0, NOW, false);

        IngestWindow replay = worker.dueReplays().get(0);

        assertThat(replay.batches()).singleElement().satisfies(b -> assertThat(b.symbols()).containsExactlyElementsOf(symbols));
    }

    @Test
    void a_replay_that_ended_clean_closes_its_row_as_resolved() {
        store.record(SOURCE, request(SOURCE, "AAPL"), "HTTP 503", 3, NOW, false);
        IngestWindow replay = worker.dueReplays().get(0);
        long id = replay.batches().get(0).deadLetterId();
        replay.batches().get(0).pageWritten(390, new com.marketbars.ingest.model.WriteResult(390, 0, 0, 0));
        clock.advance(Duration.ofSeconds(5));

        worker.replayed(replay);

        assertThat(store.get(id)).isEmpty();
        assertThat(store.audit(SOURCE)).containsExactly(new DeadLetterStore.AuditEntry(id, "resolved",
                "replayed: 390 new bars", 3, "retry-worker", NOW.plusSeconds(5)));
    }

    @Test
    void a_replay_that_was_split_closes_its_row_as_split() {
        store.record(SOURCE, request(SOURCE, "AAPL", "MSFT"), "HTTP 422", 0, NOW, false);
        IngestWindow replay = worker.dueReplays().get(0);
        SymbolBatch batch = replay.batches().get(0);
        outcomes.refusedAsWhole(batch, failed(batch, http(422)));

        worker.replayed(replay);

        assertThat(store.get(batch.deadLetterId())).isEmpty();
        assertThat(store.audit(SOURCE)).singleElement().satisfies(a -> {
            assertThat(a.dlqId()).isEqualTo(batch.deadLetterId());
            assertThat(a.action()).isEqualTo("split");
            assertThat(a.actor()).isEqualTo("retry-worker");
        });
    }

    @Test
    void a_split_replay_whose_half_failed_again_leaves_only_the_halfs_row() {
        store.record(SOURCE, request(SOURCE, "AAPL", "MSFT"), "HTTP 422", 0, NOW, false);
        IngestWindow replay = worker.dueReplays().get(0);
        SymbolBatch batch = replay.batches().get(0);
        outcomes.refusedAsWhole(batch, failed(batch, http(422)));
        List<SymbolBatch> halves = List.of(replay.pollIsolated(), replay.pollIsolated());
        replay.batches().get(0).pageWritten(390, new com.marketbars.ingest.model.WriteResult(390, 0, 0, 0));                                       // AAPL came back
        DeadLetterSteps.deadLetter(db, reporter, halves.get(1), failed(halves.get(1), http(422)));  // MSFT refused alone

        worker.replayed(replay);

        assertThat(store.list(SOURCE, false)).singleElement().satisfies(row -> {
            assertThat(row.request().symbols()).containsExactly("MSFT");
            assertThat(row.retryCount()).isEqualTo(1);
        });
        assertThat(store.audit(SOURCE)).extracting(DeadLetterStore.AuditEntry::action).containsExactly("split");
    }

    @Test
    void a_replay_that_was_dead_lettered_again_keeps_its_rescheduled_row() {
        store.record(SOURCE, request(SOURCE, "AAPL"), "HTTP 503", 0, NOW, false);
        IngestWindow replay = worker.dueReplays().get(0);
        SymbolBatch batch = replay.batches().get(0);
        DeadLetterSteps.deadLetter(db, reporter, batch, failed(batch, http(503)));

        worker.replayed(replay);

        DeadLetter row = store.get(batch.deadLetterId()).orElseThrow();
        assertThat(row.retryCount()).isEqualTo(1);
        assertThat(row.nextRetryAt()).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
        assertThat(store.audit(SOURCE)).isEmpty();
    }

    @Test
    void a_replay_with_window_failures_leaves_its_row_as_it_was() {
        store.record(SOURCE, request(SOURCE, "AAPL"), "HTTP 503", 4, NOW, false);
        DeadLetter before = store.list(SOURCE, false).get(0);
        IngestWindow replay = worker.dueReplays().get(0);
        SymbolBatch batch = replay.batches().get(0);
        outcomes.notFetched(batch, failed(batch, new IllegalStateException("CircuitBreaker 'alpaca' is OPEN")));

        worker.replayed(replay);

        assertThat(store.get(before.id())).contains(before);
        assertThat(store.audit(SOURCE)).isEmpty();
    }

    @Test
    void a_replay_whose_row_was_discarded_meanwhile_changes_nothing() {
        store.record(SOURCE, request(SOURCE, "AAPL"), "HTTP 503", 0, NOW, false);
        IngestWindow replay = worker.dueReplays().get(0);
        store.close(store.list(SOURCE, false).get(0), "discarded", "delisted", "cli:ops");

        worker.replayed(replay);

        assertThat(store.audit(SOURCE)).extracting(DeadLetterStore.AuditEntry::action).containsExactly("discarded");
    }

    @Test
    void a_row_goes_from_failure_through_a_failed_replay_to_resolved() {
        List<String> symbols = List.of("AAPL");
        IngestWindow planned = new IngestWindow(IngestJob.scheduled(SOURCE, Plans.DEFAULT, symbols, START, WriteMode.INSERT_ONLY), START, END, symbols, 50);
        SymbolBatch batch = planned.batches().get(0);
        DeadLetterSteps.deadLetter(db, reporter, batch, failed(batch, http(503)));
        assertThat(worker.dueReplays()).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        IngestWindow firstReplay = worker.dueReplays().get(0);
        DeadLetterSteps.deadLetter(db, reporter, firstReplay.batches().get(0), failed(firstReplay.batches().get(0), http(502)));
        worker.replayed(firstReplay);
        clock.advance(Duration.ofMinutes(1));
        assertThat(worker.dueReplays()).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        IngestWindow secondReplay = worker.dueReplays().get(0);
        assertThat(secondReplay.batches().get(0).priorAttempts()).isEqualTo(1);
        secondReplay.batches().get(0).pageWritten(390, new com.marketbars.ingest.model.WriteResult(390, 0, 0, 0));
        worker.replayed(secondReplay);

        assertThat(store.list(SOURCE, false)).isEmpty();
        assertThat(worker.dueReplays()).isEmpty();
        assertThat(store.audit(SOURCE)).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("resolved");
            assertThat(a.retryCount()).isEqualTo(1);
        });
    }

    private DeadLetter rowOf(ReplayRequest r) {
        return store.list(SOURCE, false).stream().filter(d -> d.request().equals(r)).findFirst().orElseThrow();
    }

    private static ReplayRequest request(String cursor, String... symbols) {
        return new ReplayRequest(cursor, List.of(symbols), START, END);
    }

    private Exchange failed(SymbolBatch batch, Throwable cause) {
        Exchange ex = new DefaultExchange(camel);
        ex.setProperty(Exchange.EXCEPTION_CAUGHT, cause);
        ex.setProperty("ingestBatch", batch);
        return ex;
    }

    private static HttpOperationFailedException http(int status) {
        return new HttpOperationFailedException("http://127.0.0.1/v2/stocks/bars", status, "status " + status, null,
                Map.of(), "{\"message\":\"status " + status + "\"}");
    }
}
