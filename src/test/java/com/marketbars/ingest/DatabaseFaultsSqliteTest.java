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
 * The small disk is a real one where the machine allows: a tmpfs of about a MB mounted by the test (root), grown with
 * {@code mount -o remount,size=...} for the rerun. Elsewhere SQLite's own size limit stands in for it, a
 * {@code max_page_count} in the URL, which fails the same way (SQLITE_FULL) and is raised for the rerun.
 * <p>
 * Volume is not what these specs claim, so they move little: 10 symbols x 5 days (about 25,000 bars), where they moved
 * 100 and 60 symbols (about 370,000 bars, most of the class's CPU in the children, the simulator and the ground truth).
 * The disk is sized to the range (about a fifth fits), and the lock's landing mid-run is checked, not left to volume.
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
        List<String> universe = GroundTruth.symbols(10);
        fixture = IngestFixture.start(dir, new SimulatorSettings(), universe);
        Path disk = dir.resolve("small-disk");
        Files.createDirectories(disk);
        boolean tmpfs = !Boolean.getBoolean("dbfaults.no-mount") && Shell.run("mount", "-t", "tmpfs", "-o", "size=1200k", "tmpfs", disk.toString()) == 0;
        if (tmpfs) {
            mounted = disk;
        }
        Path file = disk.resolve("market.db");
        // 1,200 KiB of tmpfs, or 250 pages of 4 KiB: about a fifth of the range's 25,000 bars fit (4,000 and 6,000 bars
        // were written on 2026-12-07), after the fresh file's schema (170 KiB) and, on the tmpfs, its WAL
        String url = "jdbc:sqlite:" + file + (tmpfs ? "" : "?max_page_count=250");
        Map<String, String> settings = fixture.settings();
        settings.put("ingest.db.url", url);
        settings.put("ingest.vendor.page-limit", "2000");
        System.out.println("small disk: " + (tmpfs ? "tmpfs of 1,200 KiB at " + disk : "max_page_count=250 (no mount allowed here)"));

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
        List<String> universe = GroundTruth.symbols(10);
        SimulatorSettings vendor = new SimulatorSettings();
        // a backfill of several seconds by the vendor's latency (waiting, no CPU), not by volume: the lock is taken
        // within 100 ms of the first bars, long before the end; that it landed mid-run is checked once it is held
        vendor.latencyMillis = 150;
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
            // bars still to write once the lock is held: the backfill cannot end without meeting it
            assertThat(GroundTruth.count(fixture.dbUrl)).as("bars written when the lock is taken; log " + log)
                    .isLessThan(GroundTruth.expectedCount(universe, FROM, TO));
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
