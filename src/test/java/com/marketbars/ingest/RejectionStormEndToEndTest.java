package com.marketbars.ingest;

import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.dlq.DeadLetter;
import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.errors.FailureKind;
import com.marketbars.ingest.feeds.Feed;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.pipeline.CatchUp;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorEndpoint;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.support.Checkpoints;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.ConsoleClient;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The rejection-storm guard end to end: the real simulator breaks its bars' contract (a field renamed in every bar,
 * {@code renamedField}) or sends a handful of bad bars ({@code malformedRate}), through the real CLI and runtime,
 * into a real database. Run on both stores by RejectionStormEndToEndSqliteTest and RejectionStormEndToEndPostgresTest.
 */
abstract class RejectionStormEndToEndTest {
    static final Instant DAY = Instant.parse("2026-11-24T00:00:00Z");     // a Tuesday
    static final Instant NEXT_DAY = Instant.parse("2026-11-25T00:00:00Z");
    static final String FEED = "alpaca_bars_1min";
    static final List<String> UNIVERSE = List.of("AAPL", "MSFT");

    @TempDir
    Path dir;
    IngestFixture fixture;
    private final SqlDialect dialect;

    RejectionStormEndToEndTest(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @BeforeEach
    void start() throws Exception {
        fixture = IngestFixture.start(dialect, dir, new SimulatorSettings(), UNIVERSE);
    }

    @AfterEach
    void stop() {
        if (fixture != null) {   // null when skipped: no PostgreSQL server outside CI
            fixture.close();
        }
    }

    @Test
    void aVendorThatRenamesAFieldOfEveryBarFailsTheBackfillInOneLineWithADlqRowAndStoresAndCheckpointsNothing() throws Exception {
        fixture.sim.settings().renamedField = "c>close";
        long bars = GroundTruth.expectedCount(UNIVERSE, DAY, NEXT_DAY);   // one page: both symbols' day, under 10,000

        Cli.Result r = Cli.run(fixture.settings(), "backfill", "--from", "2026-11-24", "--to", "2026-11-25", "--quiet", "--dlq-wait", "PT0S");

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        List<String> failed = Arrays.stream(r.stderr().split("\n")).filter(l -> l.startsWith("Failed:")).toList();
        assertThat(failed).as(r.stderr()).hasSize(1);
        assertThat(failed.get(0)).contains("[2026-11-24T00:00:00Z, 2026-11-25T00:00:00Z)", "is not checkpointed", "rejection storm",
                "refused " + bars + " of " + bars + " bars of a page (MISSING_FIELD " + bars + ")", "\"close\":");
        DeadLetter row = onlyDeadLetter();
        assertThat(row.request().symbols()).isEqualTo(UNIVERSE);
        assertThat(row.request().start()).isEqualTo(DAY);
        assertThat(row.request().end()).isEqualTo(NEXT_DAY);
        assertThat(row.reason()).startsWith("VendorContractException: rejection storm")
                .contains("(MISSING_FIELD " + bars + ")", "e.g. AAPL MISSING_FIELD {\"t\":\"2026-11-24T", "\"close\":");
        assertThat(GroundTruth.count(fixture.dbUrl)).as("bars stored").isZero();
        assertThat(count("SELECT COUNT(*) FROM data_quality")).as("a storm's bars are its DLQ row, not 780 quarantine rows").isZero();
        assertThat(checkpointsAfter(DAY)).as("checkpoints past the storm's window").isEmpty();
    }

    @Test
    void aHandfulOfBadBarsIsQuarantinedAsTodayAndTheWindowCompletes() throws Exception {
        fixture.sim.settings().malformedRate = 0.01;

        Cli.Result r = Cli.run(fixture.settings(), "backfill", "--from", "2026-11-24", "--to", "2026-11-25", "--quiet", "--dlq-wait", "PT0S");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        long malformed = fixture.sim.stats().malformedBars();
        assertThat(malformed).as("above min-bars, far below half the page: a handful").isBetween(5L, 50L);
        assertThat(count("SELECT COUNT(*) FROM data_quality")).isEqualTo(malformed);
        GroundTruth.assertExactly(fixture.dbUrl, GroundTruth.served(VendorEndpoint.ALPACA_STOCKS, UNIVERSE, Timeframe.ONE_MINUTE,
                DAY, NEXT_DAY, 0, fixture.sim.settings().seed, 0.01, true));
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void theFeedIsHeldWithHealthConsoleAndMetricsNamingTheStormUntilItsWindowPassesAgain() throws Exception {
        int port = ConsoleClient.freePort();
        Map<String, String> settings = fixture.settings();
        settings.put("ingest.scheduler.enabled", "false");
        settings.put("camel.management.enabled", "true");
        settings.put("camel.management.port", String.valueOf(port));
        // a week back holds trading days whatever today is
        settings.put("ingest.start", Instant.now().truncatedTo(ChronoUnit.DAYS).minus(7, ChronoUnit.DAYS).toString());
        settings.put("ingest.dlq.retry-initial-delay", "PT0S");   // the storm's rows are due at once
        String token = "storm-spec-console-token";   // the console asks for one always (docs/console.md)
        ConsoleClient http = new ConsoleClient(port, token);
        fixture.sim.settings().renamedField = "c>close";
        IngestRuntime runtime = IngestRuntime.start(null, settings, Map.of(com.marketbars.ingest.console.ConsoleAccess.TOKEN_ENV, token));
        try {
            Feed feed = runtime.bean("Feeds", Feeds.class).chosen(null);
            CatchUp catchUp = runtime.bean("CatchUp", CatchUp.class);

            Throwable held = catchThrowable(() -> catchUp.run(feed.jobs().scheduled()));

            assertThat(FailureKind.of(held)).as("%s", held).isEqualTo(FailureKind.VENDOR_CONTRACT);
            ConsoleClient.Answer ready = http.get("/observe/health/ready");
            assertThat(ready.status()).as(ready.body()).isEqualTo(503);
            assertThat(ready.body()).contains("feed-" + FEED, "held: window " + FEED, "rejection storm", "MISSING_FIELD", "is not checkpointed");
            assertThat(http.get("/api/feeds").json().get(0).get("vendorContractBroken").asText()).contains("rejection storm", "MISSING_FIELD");
            assertThat(http.get("/observe/metrics").body()).contains("ingest_vendor_contract_broken{source=\"" + FEED + "\"} 1.0");
            Instant stormFrom = deadLetters().stream().map(d -> d.request().start()).min(Comparator.naturalOrder()).orElseThrow();
            assertThat(Checkpoints.of(fixture.dbUrl, FEED).values()).as("no checkpoint past the held window")
                    .allSatisfy(t -> assertThat(t).isBeforeOrEqualTo(stormFrom));
            assertThat(GroundTruth.count(fixture.dbUrl)).isZero();
            // the retry worker replays the storm's rows: refused again, each is rescheduled with its backoff
            catchUp.retryPass();
            assertThat(deadLetters()).allSatisfy(d -> assertThat(d.retryCount()).isEqualTo(1));

            fixture.sim.settings().renamedField = null;   // the vendor puts its contract right
            catchUp.run(feed.jobs().scheduled());
            catchUp.retryPass();

            assertThat(http.get("/observe/health/ready").status()).isEqualTo(200);
            assertThat(http.get("/api/feeds").json().get(0).get("vendorContractBroken").asText()).isEmpty();
            assertThat(http.get("/observe/metrics").body()).contains("ingest_vendor_contract_broken{source=\"" + FEED + "\"} 0.0");
            assertThat(Checkpoints.of(fixture.dbUrl, FEED).values()).allSatisfy(t -> assertThat(t).isAfter(stormFrom));
            assertThat(GroundTruth.count(fixture.dbUrl)).isPositive();
            assertThat(deadLetters()).as("the replays of the storm's rows wrote their bars and closed them").isEmpty();
        } finally {
            runtime.stop();
        }
    }

    private DeadLetter onlyDeadLetter() {
        List<DeadLetter> rows = deadLetters();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private List<DeadLetter> deadLetters() {
        try (Database db = Database.open(fixture.dbUrl, 2)) {
            return new DeadLetterStore(db, Clock.systemUTC()).list(FEED, false);
        }
    }

    private long count(String sql) throws SQLException {
        try (Database db = Database.open(fixture.dbUrl, 2); Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every checkpoint (of any cursor: the backfill's shards included) later than {@code t}. */
    private List<String> checkpointsAfter(Instant t) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Database db = Database.open(fixture.dbUrl, 2); Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT source, symbol, ingested_until FROM ingest_checkpoint")) {
            while (rs.next()) {
                if (Instant.parse(rs.getString(3)).isAfter(t)) {
                    out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
        }
        return out;
    }
}
