package com.marketbars.ingest.cli;

import com.marketbars.ingest.dlq.DeadLetter;
import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.dlq.ReplayRequest;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.support.Cli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DlqCommandTest {

    private static final String SOURCE = "alpaca_bars_1min";
    private static final String OTHER = "polygon_bars_1min";
    private static final Instant CREATED = Instant.parse("2026-11-24T15:00:00Z");
    private static final Clock CLOCK = Clock.fixed(CREATED, ZoneOffset.UTC);
    private static final Instant START = Instant.parse("2026-11-24T00:00:00Z");
    private static final Instant END = Instant.parse("2026-11-25T00:00:00Z");
    /** Far enough ahead that no row seeded as waiting becomes due while the test runs. */
    private static final Instant LATER = Instant.parse("2100-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private Map<String, String> settings;
    private Database db;
    private DeadLetterStore store;

    @BeforeEach
    void open() {
        String url = "jdbc:sqlite:" + dir.resolve("t.db");
        settings = Map.of("ingest.db.url", url, "ingest.source", SOURCE);
        db = Database.open(url, 2);
        store = new DeadLetterStore(db, CLOCK);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void list_prints_the_count_line_and_one_line_per_row() {
        DeadLetter aapl = seed(SOURCE, "HTTP 503", 2, false, "AAPL");
        DeadLetter pair = seed(SOURCE, "HTTP 422: {\"message\":\"invalid symbol\"}", 10, true, "MSFT", "NVDA");
        seed(OTHER, "HTTP 503", 0, false, "TSLA");

        Run r = run("dlq", "list");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.lines()).containsExactly(
                "2 rows, 1 parked, oldest 2026-11-24T15:00:00Z",
                "#" + aapl.id() + " AAPL [2026-11-24T00:00:00Z, 2026-11-25T00:00:00Z) retries=2 next 2100-01-01T00:00:00Z reason=HTTP 503",
                "#" + pair.id() + " 2 symbols MSFT..NVDA [2026-11-24T00:00:00Z, 2026-11-25T00:00:00Z) retries=10 parked 2026-11-24T15:00:00Z"
                        + " reason=HTTP 422: {\"message\":\"invalid symbol\"}");
        assertThat(r.stdout()).doesNotContain("TSLA");
    }

    @Test
    void list_parked_prints_only_the_parked_rows() {
        seed(SOURCE, "HTTP 503", 2, false, "AAPL");
        DeadLetter parked = seed(SOURCE, "HTTP 422", 10, true, "MSFT");

        Run r = run("dlq", "list", "--parked");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.lines()).hasSize(2);
        assertThat(r.lines().get(0)).isEqualTo("2 rows, 1 parked, oldest 2026-11-24T15:00:00Z");
        assertThat(r.lines().get(1)).startsWith("#" + parked.id() + " MSFT ");
        assertThat(r.stdout()).doesNotContain("AAPL");
    }

    @Test
    void list_of_an_empty_dlq_prints_only_the_count_line() {
        Run r = run("dlq", "list");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.lines()).containsExactly("0 rows, 0 parked");
    }

    @Test
    void discard_removes_the_row_and_audits_it_with_the_operator_and_reason() {
        DeadLetter row = seed(SOURCE, "HTTP 422", 10, true, "AAPL");
        DeadLetter kept = seed(SOURCE, "HTTP 503", 1, false, "MSFT");

        Run r = run("dlq", "discard", String.valueOf(row.id()), "--reason", "delisted");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).startsWith("discarded #" + row.id() + " AAPL ");
        assertThat(store.get(row.id())).isEmpty();
        assertThat(store.get(kept.id())).isPresent();
        assertThat(store.audit(SOURCE)).singleElement().satisfies(a -> {
            assertThat(a.dlqId()).isEqualTo(row.id());
            assertThat(a.action()).isEqualTo("discarded");
            assertThat(a.reason()).isEqualTo("delisted");
            assertThat(a.retryCount()).isEqualTo(10);
            assertThat(a.actor()).isEqualTo("cli:" + System.getProperty("user.name"));
        });
    }

    @Test
    void discard_without_a_reason_fails_with_a_usage_message_and_keeps_the_row() {
        DeadLetter row = seed(SOURCE, "HTTP 422", 10, true, "AAPL");

        Run r = run("dlq", "discard", String.valueOf(row.id()));

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("--reason").contains("Usage:");
        assertThat(store.get(row.id())).isPresent();
        assertThat(store.audit(SOURCE)).isEmpty();
    }

    @Test
    void discard_with_a_blank_reason_fails_and_keeps_the_row() {
        DeadLetter row = seed(SOURCE, "HTTP 422", 10, true, "AAPL");

        Run r = run("dlq", "discard", String.valueOf(row.id()), "--reason", "  ");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("needs a reason");
        assertThat(store.get(row.id())).isPresent();
    }

    @Test
    void discard_of_an_unknown_id_fails_naming_the_id() {
        seed(SOURCE, "HTTP 422", 10, true, "AAPL");

        Run r = run("dlq", "discard", "4711", "--reason", "delisted");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("4711");
        assertThat(store.list(SOURCE, false)).hasSize(1);
        assertThat(store.audit(SOURCE)).isEmpty();
    }

    @Test
    void discard_of_a_row_of_another_source_fails_and_keeps_it() {
        DeadLetter foreign = seed(OTHER, "HTTP 422", 0, false, "AAPL");

        Run r = run("dlq", "discard", String.valueOf(foreign.id()), "--reason", "delisted");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("belongs to source " + OTHER);
        assertThat(store.get(foreign.id())).isPresent();
    }

    @Test
    void retry_queue_only_un_parks_the_row_and_makes_it_due_now() {
        DeadLetter parked = seed(SOURCE, "HTTP 422", 10, true, "AAPL");
        DeadLetter waiting = seed(SOURCE, "HTTP 503", 1, false, "MSFT");
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        Run r = run("dlq", "retry", String.valueOf(parked.id()), "--queue-only");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.lines()).containsExactly("1 row(s) due now");
        DeadLetter row = store.get(parked.id()).orElseThrow();
        assertThat(row.parked()).isFalse();
        assertThat(row.retryCount()).isEqualTo(10);
        assertThat(row.nextRetryAt()).isBetween(before, Instant.now());
        assertThat(new DeadLetterStore(db, Clock.systemUTC()).due(SOURCE, 10)).extracting(DeadLetter::id)
                .containsExactly(parked.id());
        assertThat(store.get(waiting.id()).orElseThrow().nextRetryAt()).isEqualTo(LATER);
        assertThat(store.audit(SOURCE)).singleElement().satisfies(a -> {
            assertThat(a.dlqId()).isEqualTo(parked.id());
            assertThat(a.action()).isEqualTo("retry-requested");
            assertThat(a.actor()).isEqualTo("cli:" + System.getProperty("user.name"));
        });
    }

    @Test
    void retry_all_queue_only_makes_every_row_of_the_source_due_and_counts_them() {
        seed(SOURCE, "HTTP 422", 10, true, "AAPL");
        seed(SOURCE, "HTTP 503", 1, false, "MSFT");
        seed(SOURCE, "HTTP 503", 0, false, "NVDA");
        DeadLetter foreign = seed(OTHER, "HTTP 503", 0, false, "TSLA");

        Run r = run("dlq", "retry", "--all", "--queue-only");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.lines()).containsExactly("3 row(s) due now");
        assertThat(new DeadLetterStore(db, Clock.systemUTC()).due(SOURCE, 10)).hasSize(3);
        assertThat(store.list(SOURCE, true)).isEmpty();
        assertThat(store.audit(SOURCE)).hasSize(3)
                .allSatisfy(a -> assertThat(a.action()).isEqualTo("retry-requested"));
        assertThat(store.get(foreign.id()).orElseThrow().nextRetryAt()).isEqualTo(LATER);
        assertThat(store.audit(OTHER)).isEmpty();
    }

    @Test
    void retry_of_an_unknown_id_fails_naming_the_id() {
        Run r = run("dlq", "retry", "4711", "--queue-only");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("4711");
    }

    @Test
    void retry_needs_an_id_or_all() {
        Run r = run("dlq", "retry", "--queue-only");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("Usage:");
    }

    @Test
    void dlq_without_a_subcommand_fails_with_a_usage_message() {
        Run r = run(Map.of(), "dlq");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("list, retry or discard");
    }

    private DeadLetter seed(String source, String reason, int retries, boolean parked, String... symbols) {
        ReplayRequest request = new ReplayRequest(SOURCE, List.of(symbols), START, END);
        store.record(source, request, reason, retries, LATER, parked);
        return store.list(source, false).stream().filter(d -> d.request().equals(request)).findFirst().orElseThrow();
    }

    /** What a command printed; {@link #lines()} and {@link #stdout()} leave out the log lines that share stdout. */
    record Run(int exitCode, String rawStdout, String stderr) {
        private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\S+ (TRACE|DEBUG|INFO|WARN|ERROR) +\\[.*");

        List<String> lines() {
            return rawStdout.lines().filter(l -> !LOG_LINE.matcher(l).matches()).toList();
        }

        String stdout() {
            return String.join("\n", lines());
        }
    }

    /** Runs the command line in this JVM, capturing stdout as well as Cli's stderr. */
    private Run run(String... args) {
        return run(settings, args);
    }

    private static Run run(Map<String, String> settings, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Cli.Result r = Cli.run(settings, args);
            System.out.flush();
            return new Run(r.exitCode(), out.toString(StandardCharsets.UTF_8), r.stderr());
        } finally {
            System.setOut(original);
        }
    }
}
