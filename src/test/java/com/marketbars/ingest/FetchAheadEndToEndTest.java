package com.marketbars.ingest;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.SyntheticBars;
import com.marketbars.ingest.support.Checkpoints;
import com.marketbars.ingest.support.ChildJvm;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fetch-ahead against the simulator on loopback, trying to make a checkpoint pass a window that is not durable.
 * <p>
 * A backfill of Friday 2026-11-20 [14:00, 21:00) in one-hour windows, two batches a window. The simulator serves
 * history before 15:00 from "cold storage", 1.5 s a request, so the first window [14:00, 15:00) is slow while the
 * later ones come back in milliseconds: with ingest.fetch-ahead=4 they are written while the first is still open.
 * The test polls the persisted checkpoints and the bars all along: behind every checkpoint, the bars must already be
 * exactly the vendor's.
 */
@Timeout(180)
class FetchAheadEndToEndTest {
    static final Instant FROM = Instant.parse("2026-11-20T14:00:00Z");
    static final Instant SLOW_UNTIL = Instant.parse("2026-11-20T15:00:00Z");
    static final Instant TO = Instant.parse("2026-11-20T21:00:00Z");
    static final String CURSOR = "alpaca_bars_1min@backfill:" + FROM + "/" + TO;

    @TempDir
    Path dir;
    IngestFixture fixture;
    final List<String> universe = GroundTruth.symbols(4);
    private Connection poll;

    @BeforeEach
    void start() throws Exception {
        SimulatorSettings s = new SimulatorSettings();
        s.latencyMillis = 20;
        s.coldBefore = SLOW_UNTIL;
        s.coldLatencyMillis = 1_500;
        fixture = IngestFixture.start(dir, s, universe);
    }

    @AfterEach
    void stop() throws SQLException {
        if (poll != null) {
            poll.close();
        }
        fixture.close();
    }

    @Test
    void aSlowEarlyWindowHoldsTheCheckpointWhileLaterWindowsAreWrittenAhead() throws Exception {
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(settings(), backfillArgs()));
        int samples = 0;
        boolean aheadSeen = false;
        while (!run.isDone()) {
            Map<String, Instant> cursors = cursorsOrNone();   // read before the bars: bars only grow
            assertNothingMissingBehind(cursors);
            if (cursors.isEmpty() && barsFrom(SLOW_UNTIL) > 0) {
                aheadSeen = true;   // later windows written while the first one is still open
            }
            samples++;
            Thread.sleep(5);
        }
        Cli.Result result = run.get();
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(aheadSeen).as("later windows were fetched while the slow first one was open (%d samples)", samples).isTrue();
        GroundTruth.assertExactly(fixture.dbUrl, universe, FROM, TO);
    }

    @Test
    void aWindowThatCannotCompleteLeavesTheCheckpointBeforeItAlthoughLaterWindowsWereWritten() throws Exception {
        Map<String, String> settings = settings();
        // the circuit opens on the slow window's 503s, so its batches keep the window open instead of going to the DLQ
        settings.put("ingest.circuit.minimum-calls", "2");
        settings.put("ingest.circuit.window-calls", "4");
        settings.put("ingest.circuit.failure-rate", "50");
        settings.put("ingest.circuit.open-duration", "PT30S");
        settings.put("ingest.retry.max-redeliveries", "2");
        settings.put("ingest.retry.initial-delay", "PT0.1S");
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(settings, backfillArgs()));
        while (!run.isDone() && barsFrom(SLOW_UNTIL) == 0) {
            Thread.sleep(5);
        }
        // the first window's requests are still in cold storage: the vendor goes down before they are answered
        fixture.sim.settings().outage = true;
        Cli.Result result = run.get(60, TimeUnit.SECONDS);

        assertThat(result.exitCode()).as(result.stderr()).isNotZero();
        assertThat(result.stderr()).contains("Failed: window ").contains("failure(s) in its batches");
        assertThat(Checkpoints.of(fixture.dbUrl, CURSOR)).as("no window after the incomplete first one is checkpointed").isEmpty();
        assertThat(barsFrom(SLOW_UNTIL)).as("later windows had been written ahead").isPositive();
        assertThat(barsBefore(SLOW_UNTIL)).as("the first window never got its answers").isZero();

        fixture.sim.settings().outage = false;
        Cli.Result again = Cli.run(settings(), backfillArgs());
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        GroundTruth.assertExactly(fixture.dbUrl, universe, FROM, TO);
    }

    @Test
    void killedWhileWindowsAreOpenAheadTheRestartLeavesNoGapAndNoDuplicate() throws Exception {
        List<String> args = new ArrayList<>(List.of(backfillArgs()));
        settings().forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        Process child = ChildJvm.start(Path.of("target", "fetch-ahead-test-logs", "killed.log"), Map.of(), args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (child.isAlive() && System.nanoTime() < deadline && barsFrom(SLOW_UNTIL) == 0) {
            Thread.sleep(5);
        }
        assertThat(child.isAlive()).as("still running, with windows open ahead, when killed").isTrue();
        child.destroyForcibly();   // SIGKILL: no shutdown, no commit of anything in flight
        child.waitFor(10, TimeUnit.SECONDS);
        assertThat(Checkpoints.of(fixture.dbUrl, CURSOR)).as("killed before the slow first window completed").isEmpty();

        Process again = ChildJvm.start(Path.of("target", "fetch-ahead-test-logs", "restarted.log"), Map.of(), args);
        assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).as("logs in target/fetch-ahead-test-logs").isZero();
        GroundTruth.assertExactly(fixture.dbUrl, universe, FROM, TO);
    }

    private String[] backfillArgs() {
        return new String[] {"backfill", "--from", FROM.toString(), "--to", TO.toString(), "--quiet"};
    }

    private Map<String, String> settings() {
        Map<String, String> s = fixture.settings();
        s.put("ingest.window", "PT1H");
        s.put("ingest.batch.symbols", "2");
        s.put("ingest.concurrency", "4");
        s.put("ingest.fetch-ahead", "4");
        s.put("ingest.vendor.page-limit", "1000");
        return s;
    }

    /** Behind each checkpoint, the bars are exactly the vendor's: a checkpoint never passes what is not durable. */
    private void assertNothingMissingBehind(Map<String, Instant> cursors) throws SQLException {
        for (Map.Entry<String, Instant> c : cursors.entrySet()) {
            long expected = SyntheticBars.range(c.getKey(), FROM, c.getValue()).size();
            assertThat(count("SELECT COUNT(*) FROM bars WHERE symbol = ? AND ts >= ? AND ts < ?", c.getKey(), FROM, c.getValue()))
                    .as("bars of %s behind its checkpoint %s", c.getKey(), c.getValue()).isEqualTo(expected);
        }
    }

    private Map<String, Instant> cursorsOrNone() throws SQLException {
        try {
            return Checkpoints.of(fixture.dbUrl, CURSOR);
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no such table")) {
                return Map.of();   // the backfill has not created its schema yet
            }
            throw e;
        }
    }

    private long barsFrom(Instant t) throws SQLException {
        return count("SELECT COUNT(*) FROM bars WHERE ts >= ?", t);
    }

    private long barsBefore(Instant t) throws SQLException {
        return count("SELECT COUNT(*) FROM bars WHERE ts < ?", t);
    }

    private long count(String sql, Object... params) throws SQLException {
        try {
            if (poll == null) {
                poll = DriverManager.getConnection(fixture.dbUrl);
            }
            try (PreparedStatement ps = poll.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setString(i + 1, params[i].toString());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no such table")) {
                return 0;   // the backfill has not created its schema yet
            }
            throw e;
        }
    }
}
