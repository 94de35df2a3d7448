package com.marketbars.ingest.cluster;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.support.Checkpoints;
import com.marketbars.ingest.support.ChildJvm;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to the daemon in the middle of a catch-up: it stops within camel.main.shutdown-timeout, letting the
 * window in flight finish, so that nothing durable is left beyond a checkpoint; started again it completes, with
 * no gap and no duplicate.
 */
class CleanShutdownTest {
    /**
     * Four days back, whatever the day: a catch-up of several seconds at the vendor's latency below. A fixed date made
     * the catch-up, and the spec, a day longer every day (21 days on 2026-12-07).
     */
    static final Instant START = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(4));
    static final String SOURCE = "alpaca_bars_1min";

    @TempDir
    Path dir;
    IngestFixture fixture;
    List<String> universe = GroundTruth.symbols(20);

    @BeforeEach
    void start() throws Exception {
        SimulatorSettings s = new SimulatorSettings();
        s.latencyMillis = 40;   // a catch-up of several seconds, so SIGTERM lands mid-way
        fixture = IngestFixture.start(dir, s, universe);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void sigtermLetsTheWindowInFlightFinishAndLeavesNothingBeyondACheckpoint() throws Exception {
        Path log = Path.of("target", "shutdown-test-logs", "daemon.log");
        Process daemon = ChildJvm.start(log, Map.of(), args("run", "camel.main.shutdown-timeout=20"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (daemon.isAlive() && rowsOrZero() < 2_000 && System.nanoTime() < deadline) {
            Thread.sleep(20);   // polling the child's database for the first rows, not waiting for a result
        }
        assertThat(daemon.isAlive()).as("the daemon is still catching up when SIGTERM comes").isTrue();

        long sent = System.nanoTime();
        daemon.destroy();   // SIGTERM
        assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).as("stopped within the shutdown timeout").isTrue();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);

        String output = withoutCamelsFileLockRace(Files.readString(log));
        assertThat(output).contains("shutdown in").doesNotContain("Exception");   // Camel's one-line summary of a stop
        assertThat(tookMillis).as("stop took %d ms", tookMillis).isLessThan(25_000);
        Map<String, Instant> cursors = Checkpoints.of(fixture.dbUrl, SOURCE);
        assertThat(cursors).as("something was checkpointed before the stop").isNotEmpty();
        assertThat(barsBeyondCheckpoints(cursors)).as("bars written but not checkpointed").isZero();

        Cli.Result again = Cli.run(fixture.settings(), "run", "--once", "--set", "ingest.start=" + START);
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        Map<String, Instant> after = Checkpoints.of(fixture.dbUrl, SOURCE);
        Instant horizon = after.values().stream().min(Instant::compareTo).orElseThrow();
        assertThat(after.values()).allMatch(horizon::equals);
        GroundTruth.assertExactly(fixture.dbUrl, universe, START, horizon);
    }

    private long rowsOrZero() {
        try {
            return GroundTruth.count(fixture.dbUrl);
        } catch (Exception notYetCreated) {
            return 0;
        }
    }

    private long barsBeyondCheckpoints(Map<String, Instant> cursors) throws Exception {
        long beyond = 0;
        try (Connection c = DriverManager.getConnection(fixture.dbUrl);
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM bars WHERE symbol = ? AND ts >= ?")) {
            for (String symbol : universe) {
                Instant until = cursors.getOrDefault(symbol, START);
                ps.setString(1, symbol);
                ps.setString(2, until.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    beyond += rs.getLong(1);
                }
            }
        }
        return beyond;
    }

    private List<String> args(String command, String... extra) {
        List<String> args = new ArrayList<>(List.of(command));
        Map<String, String> settings = fixture.settings();
        settings.put("ingest.start", START.toString());
        settings.put("ingest.window", "P1D");
        settings.put("ingest.vendor.page-limit", "1000");
        settings.put("ingest.batch.symbols", "5");
        settings.put("ingest.concurrency", "2");
        settings.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        for (String e : extra) {
            args.add("--set");
            args.add(e);
        }
        return args;
    }

    /**
     * Camel's FileLockClusterView may log a WARN with a ClosedChannelException when its lock task runs while the
     * context releases the lock on shutdown (seen once under a loaded machine): Camel's race, harmless, not ours.
     * Only that WARN and its stack trace are left out; any other exception still fails the spec.
     */
    private static String withoutCamelsFileLockRace(String log) {
        StringBuilder out = new StringBuilder();
        boolean inRace = false;
        for (String line : log.split("\n")) {
            if (line.contains("WARN") && line.contains("FileLockClusterView")) {
                inRace = true;
                continue;
            }
            if (inRace && (line.startsWith("java.nio.channels.ClosedChannelException") || line.startsWith("\t"))) {
                continue;
            }
            inRace = false;
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
