package com.marketbars.ingest;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.support.ChildJvm;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import com.marketbars.ingest.support.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SQLite on a disk that fills up during a backfill (issue 16): the backfill stops with one line naming the cause and
 * what to do, and exit code 5; the file passes {@code PRAGMA integrity_check}; given space, the same command completes
 * the range exactly.
 * <p>
 * The small disk is a real one where the machine allows: a tmpfs of a few MB mounted by the test (root), grown with
 * {@code mount -o remount,size=...} for the rerun. Elsewhere SQLite's own size limit stands in for it, a
 * {@code max_page_count} in the URL, which fails the same way (SQLITE_FULL) and is raised for the rerun.
 */
class DatabaseFaultsSqliteTest {
    static final Instant FROM = Instant.parse("2026-11-16T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-21T00:00:00Z");
    static final Path LOGS = Path.of("target", "database-faults-logs");

    @TempDir
    Path dir;
    static final int BUSY_TIMEOUT_MILLIS = 3_000;
    /** What the ingest logs once a write has waited out the busy timeout. */
    static final String BUSY_LINE = "database unavailable: SQLiteException: [SQLITE_BUSY]";

    IngestFixture fixture;
    Path mounted;

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        if (mounted != null) {
            Shell.run("umount", mounted.toString());
        }
    }

    @Test
    void aDiskThatFillsStopsTheBackfillWithOneLineAndExit5LeavesAnIntactFileAndARerunWithSpaceCompletesExactly() throws Exception {
        List<String> universe = GroundTruth.symbols(100);
        fixture = IngestFixture.start(dir, new SimulatorSettings(), universe);
        Path disk = dir.resolve("small-disk");
        Files.createDirectories(disk);
        boolean tmpfs = !Boolean.getBoolean("dbfaults.no-mount") && Shell.run("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", disk.toString()) == 0;
        if (tmpfs) {
            mounted = disk;
        }
        Path file = disk.resolve("market.db");
        // 6 MB of tmpfs, or 1,500 pages of 4 KiB: about a fifth of the range's bars fit
        String url = "jdbc:sqlite:" + file + (tmpfs ? "" : "?max_page_count=1500");
        Map<String, String> settings = fixture.settings();
        settings.put("ingest.db.url", url);
        settings.put("ingest.vendor.page-limit", "2000");
        System.out.println("small disk: " + (tmpfs ? "tmpfs of 6 MB at " + disk : "max_page_count=1500 (no mount allowed here)"));

        Path log = LOGS.resolve("disk-full-backfill.log");
        Process full = backfill(log, settings);
        assertThat(full.waitFor(180, TimeUnit.SECONDS)).as("the backfill ends; log " + log).isTrue();
        String output = Files.readString(log);

        assertThat(full.exitValue()).as(output).isEqualTo(5);
        List<String> failed = output.lines().filter(l -> l.startsWith("Failed: ")).toList();
        assertThat(failed).as("one readable line on stderr").singleElement().satisfies(line -> {
            assertThat(line).startsWith("Failed: database disk is full at " + disk.toAbsolutePath())
                    .contains("SQLITE_FULL")
                    .endsWith("free space and run the same command again; nothing was lost")
                    .doesNotContain("Exchange[", "cannot rollback");
        });
        long written = GroundTruth.count(url);
        assertThat(written).as("some bars were written before the disk filled").isPositive()
                .isLessThan(GroundTruth.expectedCount(universe, FROM, TO));
        assertThat(integrityCheck(url)).isEqualTo("ok");

        // space again: a bigger tmpfs (data kept), or a higher page limit; the same command resumes and completes
        String roomy;
        if (tmpfs) {
            assertThat(Shell.run("mount", "-o", "remount,size=200m", disk.toString())).isZero();
            roomy = url;
        } else {
            roomy = "jdbc:sqlite:" + file + "?max_page_count=1000000";
        }
        settings.put("ingest.db.url", roomy);
        Path again = LOGS.resolve("disk-full-rerun.log");
        Process rerun = backfill(again, settings);
        assertThat(rerun.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(rerun.exitValue()).as(Files.readString(again)).isZero();
        assertThat(integrityCheck(roomy)).isEqualTo("ok");
        GroundTruth.assertExactly(roomy, universe, FROM, TO);
    }

    @Test
    void aWriteLockHeldPastTheBusyTimeoutIsRiddenOutAndTheRangeIsExact() throws Exception {
        List<String> universe = GroundTruth.symbols(60);
        SimulatorSettings vendor = new SimulatorSettings();
        vendor.latencyMillis = 50;   // a backfill of several seconds: the lock lands mid-run
        fixture = IngestFixture.start(dir, vendor, universe);
        Map<String, String> settings = fixture.settings();
        // a busy timeout of 3 s (30 s by default), so the lock below outlasts it in seconds rather than a minute
        settings.put("ingest.db.url", fixture.dbUrl + "?busy_timeout=" + BUSY_TIMEOUT_MILLIS);
        settings.put("ingest.vendor.page-limit", "500");
        settings.put("ingest.retry.initial-delay", "PT0.5S");
        settings.put("ingest.retry.max-delay", "PT2S");
        Path log = LOGS.resolve("busy-backfill.log");
        Process backfill = backfill(log, settings);

        // another process's write transaction, held longer than the ingest's busy timeout
        try (Connection other = DriverManager.getConnection(fixture.dbUrl)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (count(fixture.dbUrl) == 0 && backfill.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(backfill.isAlive()).as("still running when the lock is taken; log " + log).isTrue();
            other.createStatement().execute("BEGIN IMMEDIATE");
            // held until the ingest has met its busy timeout and said so (it cannot before the timeout has passed),
            // instead of for the timeout and a margin by the clock
            long held = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !backfill.isAlive() || Files.readString(log).contains(BUSY_LINE));
            System.out.printf("SQLite busy: the ingest said so %d ms after the lock was taken (busy timeout %d ms)%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - held), BUSY_TIMEOUT_MILLIS);
            assertThat(backfill.isAlive()).as("waiting, not failed, while the lock is held; log " + log).isTrue();
            other.createStatement().execute("COMMIT");
        }

        assertThat(backfill.waitFor(180, TimeUnit.SECONDS)).as("the backfill ends; log " + log).isTrue();
        String output = Files.readString(log);
        assertThat(backfill.exitValue()).as(output).isZero();
        assertThat(output).contains(BUSY_LINE).contains("database available again");
        GroundTruth.assertExactly(fixture.dbUrl, universe, FROM, TO);
    }

    private static long count(String url) {
        try {
            return GroundTruth.count(url);
        } catch (java.sql.SQLException e) {
            return 0;   // not migrated yet
        }
    }

    private Process backfill(Path log, Map<String, String> settings) throws Exception {
        return ChildJvm.start(log, settings, "backfill", "--from", FROM.toString(), "--to", TO.toString(), "--quiet");
    }

    private static String integrityCheck(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
