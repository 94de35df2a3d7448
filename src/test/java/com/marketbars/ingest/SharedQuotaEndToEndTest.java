package com.marketbars.ingest;

import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.SyntheticBars;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.support.Checkpoints;
import com.marketbars.ingest.support.ChildJvms;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import com.marketbars.ingest.support.RealTimeBounds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One vendor account, one quota, several processes: a daemon catching up, an operator's backfill of another range
 * (killed with SIGKILL mid-run and started again) and {@code dlq retry --all} replaying earlier failures, as three
 * JVMs on one database, against a vendor that enforces the quota strictly (a sliding window counted at arrival).
 * Each process is configured with the whole quota, as an operator would: only the shared ledger keeps them under
 * it. Run on SQLite and on PostgreSQL by the two subclasses.
 */
@RealTimeBounds
abstract class SharedQuotaEndToEndTest {
    private static final String QUOTA = "8/PT1S";
    /** The seed range: a backfill here under 5xx leaves DLQ rows for {@code dlq retry}. */
    private static final Instant SEED_FROM = Instant.parse("2026-11-19T00:00:00Z");
    private static final Instant SEED_TO = Instant.parse("2026-11-20T00:00:00Z");
    /** The operator's backfill, beside the daemon. */
    private static final Instant FROM = Instant.parse("2026-11-09T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-13T00:00:00Z");

    @TempDir
    Path dir;
    private IngestFixture fixture;
    private final List<String> universe = GroundTruth.symbols(10);
    private final SqlDialect dialect;
    private final ChildJvms children = new ChildJvms();

    SharedQuotaEndToEndTest(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @BeforeEach
    void start() throws Exception {
        SimulatorSettings s = new SimulatorSettings();
        s.quotaRequests = 8;
        s.quotaPeriodMillis = 1_000;
        s.latencyMillis = 30;
        s.jitterMillis = 30;
        fixture = IngestFixture.start(dialect, dir, s, universe);
    }

    @AfterEach
    void stop() throws Exception {
        children.close();
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aDaemonABackfillKilledAndRestartedAndADlqRetryShareTheQuotaWithoutOneViolationAndLoseNothing() throws Exception {
        // earlier failures to replay: a backfill of the seed range under 5xx, without redeliveries, and a symbol refused
        fixture.sim.settings().errorRate = 0.3;
        fixture.sim.settings().failingSymbol = universe.get(3);
        Map<String, String> seed = settings();
        seed.put("ingest.retry.max-redeliveries", "0");
        seed.put("ingest.circuit.failure-rate", "100");
        Cli.Result seeded = Cli.run(seed, "backfill", "--from", SEED_FROM.toString(), "--to", SEED_TO.toString(), "--quiet",
                "--dlq-wait", "PT0S");   // no replay: the rows are left for dlq retry
        assertThat(seeded.exitCode()).as("incomplete (1) or done except DLQ rows (3): " + seeded.stderr()).isIn(1, 3);
        assertThat(dlqDepth()).as("the seed left DLQ rows to replay").isPositive();
        fixture.sim.settings().errorRate = 0;
        fixture.sim.settings().failingSymbol = null;
        fixture.sim.stats().reset();

        Instant daemonStart = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
        Process daemon = child("daemon", List.of("run"), Map.of("ingest.start", daemonStart.toString(),
                "ingest.schedule", "0 0 0 1 1 ? 2099"));   // only the catch-up at start, then idle
        Process backfill = child("backfill-1", backfillArgs(), Map.of());
        Process retry = child("dlq-retry", List.of("dlq", "retry", "--all"), Map.of());

        // kill -9 the backfill while it fetches (its first of four windows checkpointed), with requests of its own in
        // flight, and start it again at once
        // (the backfill is a job of its own, found by its range; its shards' cursors start with its id; the daemon may
        // take a shard of it as well)
        awaitUntil(() -> checkpointsOfJob(FROM, TO) > 0 || !backfill.isAlive(), Duration.ofSeconds(120));
        assertThat(backfill.isAlive()).as("the backfill is still running when killed").isTrue();
        backfill.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Process again = child("backfill-2", backfillArgs(), Map.of());

        assertThat(again.waitFor(180, TimeUnit.SECONDS)).as("restarted backfill ends").isTrue();
        assertThat(again.exitValue()).as("restarted backfill's exit; logs in " + logDir()).isZero();
        assertThat(retry.waitFor(120, TimeUnit.SECONDS)).as("dlq retry ends").isTrue();
        assertThat(retry.exitValue()).as("dlq retry's exit; logs in " + logDir()).isZero();
        Instant horizon = Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
        awaitUntil(() -> caughtUp(horizon), Duration.ofSeconds(120));
        daemon.destroy();
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(fixture.sim.stats().quotaViolations()).as("429s for exceeding the quota; logs in " + logDir()).isZero();
        assertThat(fixture.sim.stats().requests()).as("requests the three sent").isGreaterThan(60);
        assertThat(dlqDepth()).as("every replayed row resolved").isZero();
        // every bar of the three ranges once: the seed range (replayed), the backfill's, the daemon's up to its checkpoints
        Map<String, Instant> daemonCursors = Checkpoints.of(fixture.dbUrl, "alpaca_bars_1min");
        Map<String, List<Bar>> expected = new TreeMap<>();
        for (String s : universe) {
            List<Bar> bars = new ArrayList<>(SyntheticBars.range(s, FROM, TO));
            bars.addAll(SyntheticBars.range(s, SEED_FROM, SEED_TO));
            bars.addAll(SyntheticBars.range(s, daemonStart, daemonCursors.get(s)));
            expected.put(s, bars);
        }
        GroundTruth.assertExactly(fixture.dbUrl, expected);
    }

    private Map<String, String> settings() {
        Map<String, String> s = fixture.settings();
        s.put("ingest.account.quota", QUOTA);
        s.put("ingest.vendor.page-limit", "300");
        s.put("ingest.batch.symbols", "5");
        s.put("ingest.concurrency", "3");
        s.put("ingest.retry.initial-delay", "PT0.05S");
        s.put("ingest.dlq.retry-initial-delay", "PT0S");
        return s;
    }

    private List<String> backfillArgs() {
        return List.of("backfill", "--from", FROM.toString(), "--to", TO.toString(), "--quiet");
    }

    private Process child(String name, List<String> command, Map<String, String> extra) throws Exception {
        Map<String, String> s = settings();
        s.putAll(extra);
        return children.start(logDir().resolve(name + ".log"), s, command);
    }

    private Path logDir() {
        return Path.of("target", "shared-quota-logs", dialect.name().toLowerCase());
    }

    private boolean caughtUp(Instant horizon) throws Exception {
        Map<String, Instant> c = Checkpoints.of(fixture.dbUrl, "alpaca_bars_1min");
        return c.size() == universe.size() && c.values().stream().noneMatch(t -> t.isBefore(horizon));
    }

    /** Checkpoint rows of the shards of the backfill job of [from, to), 0 before it is submitted. */
    private long checkpointsOfJob(Instant from, Instant to) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(fixture.dbUrl);
             var ps = c.prepareStatement("SELECT id FROM backfill_job WHERE range_from = ? AND range_to = ?")) {
            ps.setString(1, from.toString());
            ps.setString(2, to.toString());
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Checkpoints.countWithPrefix(fixture.dbUrl, "alpaca_bars_1min@backfill-job:" + rs.getLong(1) + "/") : 0;
            }
        }
    }

    private long dlqDepth() throws Exception {
        try (var c = java.sql.DriverManager.getConnection(fixture.dbUrl);
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM ingest_dlq")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitUntil(Condition c, Duration atMost) throws Exception {
        long until = System.nanoTime() + atMost.toNanos();
        while (!c.holds()) {
            assertThat(System.nanoTime()).as("condition met within %s", atMost).isLessThan(until);
            Thread.sleep(100);   // polling the database the children write, not waiting for a result
        }
    }
}
