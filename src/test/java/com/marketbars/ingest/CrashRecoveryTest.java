package com.marketbars.ingest;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.support.Checkpoints;
import com.marketbars.ingest.support.ChildJvm;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 a child JVM running a backfill at several points - during start-up, as the first rows land, part-way
 * and late - restart it each time with the same command, and prove the table ends exactly equal to the
 * vendor's bars: nothing missing, nothing twice. Run on both stores by CrashRecoverySqliteTest and
 * CrashRecoveryPostgresTest.
 * <p>
 * What the kills need is the run's shape, not its volume: five one-day windows (the checkpoints a restart resumes
 * from), each of three batches of several pages (so a kill can land between a window's batches and between a batch's
 * pages), two batches at a time. Six symbols in batches of two at 200 bars a page give that shape with the pages and
 * requests of the 30 symbols in batches of ten at 1,000 a page this spec used to move, on a fifth of the bars
 * (~14,600 instead of ~73,000); each child's start, about 2 s of CPU, is then most of what the spec costs. The
 * vendor's latency, not the volume, keeps the run long enough for each kill to land mid-run: waiting costs no CPU.
 */
abstract class CrashRecoveryTest {
    static final Instant FROM = Instant.parse("2026-11-16T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-21T00:00:00Z");

    @TempDir
    Path dir;
    IngestFixture fixture;
    String dbUrl;
    List<String> universe = GroundTruth.symbols(6);
    /** One connection for all the polling: a new one every few milliseconds would cost PostgreSQL a process each. */
    private Connection poll;
    private final SqlDialect dialect;

    CrashRecoveryTest(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @BeforeEach
    void start() throws Exception {
        SimulatorSettings s = new SimulatorSettings();
        // slow enough for the kills to land mid-run: a window's 16 requests, two at a time, take about 2 s (the last
        // 20% of the run, where the last kill must land, is a window: a hundred polls of the row count)
        s.latencyMillis = 100;
        fixture = IngestFixture.start(dialect, dir, s, universe);
        dbUrl = fixture.dbUrl;
    }

    @AfterEach
    void stop() throws SQLException {
        if (poll != null) {
            poll.close();
        }
        if (fixture != null) {   // null when skipped: no PostgreSQL server outside CI
            fixture.close();
        }
    }

    @Test
    void killedAtAnyPointAndRestartedTheTableEqualsGroundTruth() throws Exception {
        long expected = GroundTruth.expectedCount(universe, FROM, TO);
        List<LongPredicate> killWhen = List.of(
                rows -> false,                      // killed by the timer below, usually still starting up
                rows -> rows > 0,                   // as the first page lands
                rows -> rows > expected * 4 / 10,
                rows -> rows > expected * 8 / 10);
        long[] killDelays = {1_500, 60_000, 60_000, 60_000};
        List<Long> rowsAtKill = new ArrayList<>();
        for (int i = 0; i < killWhen.size(); i++) {
            Process child = backfill(i);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(killDelays[i]);
            long rows = 0;
            while (child.isAlive() && System.nanoTime() < deadline && !killWhen.get(i).test(rows = rowsOrZero())) {
                // polling the child's database, not waiting for a result: the rows move a page (200) at a time, one
                // a vendor latency (100 ms) per batch, so a 20-ms poll sees each page land; a COUNT(*) every 5 ms (the
                // SQLite one in this JVM, the PostgreSQL one in the server) cost more CPU than the children's bars
                Thread.sleep(20);
            }
            assertThat(child.isAlive()).as("child %d still running when killed (else the kill proves nothing)", i).isTrue();
            child.destroyForcibly();            // SIGKILL on Linux: no shutdown hook, no commit, no cleanup
            child.waitFor(10, TimeUnit.SECONDS);
            rowsAtKill.add(rows);
            long rowsAfterKill = rowsOrZero();
            assertThat(rowsAfterKill).isLessThanOrEqualTo(expected);
            assertThat(rowsAfterKill).as("child %d killed before it had written every bar (else the kill proves nothing)", i).isLessThan(expected);
        }

        Process last = backfill(99);
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).as("final run exit code; logs in target/crash-test-logs/" + dialect).isZero();

        GroundTruth.assertExactly(dbUrl, universe, FROM, TO);
        assertThat(Checkpoints.of(dbUrl, "alpaca_bars_1min@backfill:" + FROM + "/" + TO)).as("a finished backfill forgets its cursor").isEmpty();
        assertThat(rowsAtKill.get(3)).as("the last kill landed late in the run").isGreaterThan(expected * 8 / 10);
    }

    private long rowsOrZero() {
        try {
            if (poll == null) {
                poll = DriverManager.getConnection(dbUrl);
            }
            try (Statement st = poll.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM bars")) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException notYetCreated) {
            return 0;
        }
    }

    private Process backfill(int attempt) throws Exception {
        List<String> args = new ArrayList<>(List.of("backfill", "--from", FROM.toString(), "--to", TO.toString(), "--quiet"));
        Map<String, String> settings = fixture.settings();
        // 2 symbols x ~487 bars a day: five pages a batch and window, three batches a window (see the class comment)
        settings.put("ingest.vendor.page-limit", "200");
        settings.put("ingest.batch.symbols", "2");
        settings.put("ingest.concurrency", "2");
        settings.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        return ChildJvm.start(Path.of("target", "crash-test-logs", dialect.name().toLowerCase(), "child-" + attempt + ".log"), Map.of(), args);
    }
}
