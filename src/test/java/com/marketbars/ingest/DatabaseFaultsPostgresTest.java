package com.marketbars.ingest;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorSimulator;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.support.Checkpoints;
import com.marketbars.ingest.support.ChildJvms;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import com.marketbars.ingest.support.PrivatePostgres;
import com.marketbars.ingest.support.PromptStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database misbehaves under a running ingest, on real PostgreSQL servers (issue 16): the ingest's connections
 * terminated during a backfill (as a failover or an operator's pg_terminate_backend does), and the server itself
 * stopped and started again during a daemon's catch-up. Both are ridden out: the range ends exact, no duplicate.
 * <p>
 * Each fault strikes a write under way, by an event rather than by volume: the spec holds a SHARE lock on bars until a
 * session of the ingest waits on it to write ({@link #lockUntilAWriteWaits}), and strikes then. So 10 symbols (about
 * 25,000 bars a spec) do, where 100 and 40 symbols (about 300,000 bars) made the runs long enough for the faults to
 * land mid-run most of the time; those bars were most of the class's CPU (children, simulator, ground truth).
 */
class DatabaseFaultsPostgresTest {
    static final Instant FROM = Instant.parse("2026-11-16T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-21T00:00:00Z");
    static final Path LOGS = Path.of("target", "database-faults-logs");

    @TempDir
    Path dir;
    IngestFixture fixture;
    final List<AutoCloseable> open = new ArrayList<>();
    final ChildJvms children = new ChildJvms();

    @AfterEach
    void stop() throws Exception {
        children.close();
        for (AutoCloseable c : open) {
            c.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theIngestsConnectionsTerminatedTwiceDuringABackfillAreRiddenOutAndTheRangeIsExact() throws Exception {
        List<String> universe = GroundTruth.symbols(10);
        SimulatorSettings vendor = new SimulatorSettings();
        // a backfill of several seconds by the vendor's latency (waiting, no CPU) rather than by volume; that each
        // termination strikes a write under way is made sure below
        vendor.latencyMillis = 100;
        fixture = IngestFixture.start(SqlDialect.POSTGRESQL, dir, vendor, universe);
        String app = "ingest_fault_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = fixture.settings();
        settings.put("ingest.db.url", fixture.dbUrl + "&ApplicationName=" + app);   // to find the ingest's own sessions
        settings.put("ingest.vendor.page-limit", "300");                            // many page writes: a session is always busy
        settings.put("ingest.retry.initial-delay", "PT0.2S");
        settings.put("ingest.retry.max-delay", "PT1S");
        Path log = LOGS.resolve("terminated-backfill.log");
        Process backfill = child(log, settings, "backfill", "--from", FROM.toString(), "--to", TO.toString(), "--quiet");

        List<Integer> terminated = new ArrayList<>();
        // the spec's sessions on the spec's database, not the ingest's
        try (Connection admin = DriverManager.getConnection(fixture.dbUrl); Connection locker = DriverManager.getConnection(fixture.dbUrl)) {
            awaitUntil(() -> bars(admin) > 0 || !backfill.isAlive(), Duration.ofSeconds(120));
            assertThat(backfill.isAlive()).as("still running at the first termination; log " + log).isTrue();
            assertThat(lockUntilAWriteWaits(locker, backfill)).as("a write of the ingest under way at the first termination; log " + log).isTrue();
            terminated.add(terminate(admin, app));
            locker.rollback();
            long after = bars(admin);
            // the second once the ingest has written again, on sessions it opened after the first
            awaitUntil(() -> bars(admin) > after || !backfill.isAlive(), Duration.ofSeconds(120));
            assertThat(backfill.isAlive()).as("still running at the second termination; log " + log).isTrue();
            assertThat(lockUntilAWriteWaits(locker, backfill)).as("a write of the ingest under way at the second termination; log " + log).isTrue();
            terminated.add(terminate(admin, app));
            locker.rollback();
        }

        assertThat(backfill.waitFor(300, TimeUnit.SECONDS)).as("the backfill ends; log " + log).isTrue();
        String output = Files.readString(log);
        assertThat(terminated).as("sessions of the ingest terminated each time").allSatisfy(n -> assertThat(n).isPositive());
        assertThat(backfill.exitValue()).as(output).isZero();
        // the driver says it one way or the other, depending on whether the session was reading or writing when it ended
        assertThat(output).as("the terminations reached the ingest")
                .containsAnyOf("terminating connection due to administrator command", "An I/O error occurred while sending to the backend")
                .contains("database unavailable: ").contains("database available again");
        assertThat(output).contains("Backfill complete");
        GroundTruth.assertExactly(fixture.dbUrl, universe, FROM, TO);
    }

    @Test
    void aServerRestartDuringADaemonsCatchUpIsRiddenOutShownAsUnavailableSinceAndTheCatchUpIsExact() throws Exception {
        PrivatePostgres pg = PrivatePostgres.start();
        open.add(pg);
        List<String> universe = GroundTruth.symbols(10);
        SimulatorSettings s = new SimulatorSettings();
        // a catch-up of several seconds by the vendor's latency (waiting, no CPU) rather than by volume, so that it is
        // still under way when the server stops; that it is is checked then
        s.latencyMillis = 200;
        VendorSimulator sim = VendorSimulator.start(0, s);
        open.add(sim);
        int healthPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            healthPort = socket.getLocalPort();
        }
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(4));
        Map<String, String> settings = new LinkedHashMap<>();
        String dbUrl = pg.url("");
        settings.put("ingest.db.url", dbUrl);
        settings.put("ingest.vendor.url", sim.baseUrl());
        settings.put("ingest.universe", String.join(",", universe));
        settings.put("ingest.account.quota", "none");
        settings.put("ingest.start", start.toString());
        settings.put("ingest.window", "PT6H");
        settings.put("ingest.vendor.page-limit", "300");
        settings.put("ingest.retry.initial-delay", "PT0.2S");
        settings.put("ingest.retry.max-delay", "PT2S");
        settings.put("camel.main.jmx-enabled", "false");
        settings.put("camel.management.enabled", "true");
        settings.put("camel.management.port", String.valueOf(healthPort));
        PromptStop.addTo(settings);
        Path log = LOGS.resolve("restarted-daemon.log");
        Process daemon = child(log, settings, "run");

        awaitUntil(() -> count(dbUrl, "SELECT COUNT(*) FROM ingest_checkpoint") > 0 || !daemon.isAlive(), Duration.ofSeconds(120));
        assertThat(daemon.isAlive()).as("catching up when the server stops; log " + log).isTrue();
        Instant horizon = Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.HOURS);
        assertThat(caughtUp(dbUrl, universe, horizon)).as("the catch-up is under way, not over").isFalse();

        // the server stops while a write of the catch-up waits on the spec's lock: the catch-up is struck mid-write
        try (Connection locker = DriverManager.getConnection(dbUrl)) {
            assertThat(lockUntilAWriteWaits(locker, daemon)).as("a write under way when the server stops; log " + log).isTrue();
            assertThat(caughtUp(dbUrl, universe, horizon)).as("the write that waits is the catch-up's, not a later one's").isFalse();
            pg.stop();                               // as systemctl restart postgresql does: sessions terminated, the lock's too
        }
        String unavailable = awaitHealth(healthPort, b -> b.contains("database unavailable since"), Duration.ofSeconds(60));
        // status, a process of its own that cannot reach the server either, says so too (the daemon's outage marker)
        Path statusLog = LOGS.resolve("status-during-restart.log");
        Process status = child(statusLog, settings, "status");
        assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String statusOutput = Files.readString(statusLog);
        pg.start(true);

        awaitUntil(() -> caughtUp(dbUrl, universe, horizon), Duration.ofSeconds(180));
        String ready = awaitHealth(healthPort, b -> b.contains("\"database\"") && !b.contains("unavailable since"), Duration.ofSeconds(30));
        daemon.destroy();                            // SIGTERM
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String output = Files.readString(log);
        assertThat(unavailable).as("readiness while the server was down").contains("database unavailable since");
        assertThat(status.exitValue()).as(statusOutput).isEqualTo(4);
        assertThat(statusOutput).containsPattern("database   UNAVAILABLE: database unavailable since \\S+ \\(reported by pid \\d+\\): ")
                .contains("Failed: database 127.0.0.1:");
        assertThat(ready).doesNotContain("unavailable since");
        assertThat(output).contains("database available again");
        Map<String, Instant> cursors = Checkpoints.of(dbUrl, "alpaca_bars_1min");
        Instant reached = cursors.values().stream().min(Instant::compareTo).orElseThrow();
        assertThat(reached).isAfterOrEqualTo(horizon);
        GroundTruth.assertExactly(dbUrl, universe, start, reached);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Process child(Path log, Map<String, String> settings, String... command) throws Exception {
        return children.start(log, settings, command);
    }

    /**
     * Takes a SHARE lock on bars in a transaction of {@code locker} (reads go on, writes wait) and holds it until a
     * session waits on it, which in the spec's database can only be a write of the ingest; false if none came within
     * 120 s or the process ended. The caller strikes, then ends the transaction.
     */
    private static boolean lockUntilAWriteWaits(Connection locker, Process ingest) throws Exception {
        locker.setAutoCommit(false);
        try (PreparedStatement lock = locker.prepareStatement("LOCK TABLE bars IN SHARE MODE")) {
            lock.execute();
        }
        try (PreparedStatement waiting = locker.prepareStatement(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (ingest.isAlive() && System.nanoTime() < deadline) {
                try (ResultSet rs = waiting.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return true;
                    }
                }
                Thread.sleep(20);
            }
            return false;
        }
    }

    /**
     * pg_terminate_backend on every session of the ingest, each waited for until it has ended (5 s at most); returns
     * how many there were.
     */
    private static int terminate(Connection admin, String applicationName) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement(
                "SELECT COUNT(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static long bars(Connection admin) {
        try (PreparedStatement ps = admin.prepareStatement("SELECT COUNT(*) FROM bars"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0;   // not migrated yet
        }
    }

    private static long count(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0;   // not migrated yet, or the server is down
        }
    }

    private static boolean caughtUp(String url, List<String> universe, Instant horizon) {
        try {
            Map<String, Instant> cursors = Checkpoints.of(url, "alpaca_bars_1min");
            return cursors.size() == universe.size() && cursors.values().stream().noneMatch(t -> t.isBefore(horizon));
        } catch (SQLException e) {
            return false;
        }
    }

    /** The body of /observe/health/ready once it is what the test waits for (or the last one, after {@code within}). */
    private static String awaitHealth(int port, java.util.function.Predicate<String> wanted, Duration within) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        String[] last = {""};
        awaitUntil(() -> {
            try {
                last[0] = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
            } catch (Exception e) {
                last[0] = e.toString();
            }
            return wanted.test(last[0]);
        }, within);
        return last[0];
    }

    private static void awaitUntil(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
