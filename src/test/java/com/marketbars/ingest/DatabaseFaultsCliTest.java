package com.marketbars.ingest;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import com.marketbars.ingest.support.Shell;
import com.marketbars.ingest.support.Postgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a command says, and exits with, when the database fails for good or stays away (issue 16): one line naming the
 * cause and what to do, and the exit code of that cause (README, "Exit codes"). Real databases throughout: a SQLite
 * file opened read-only, a PostgreSQL server asked for a database and a role it does not have, a port nothing listens on.
 */
class DatabaseFaultsCliTest {
    @TempDir
    Path dir;
    IngestFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Map<String, String> settings(String dbUrl) throws Exception {
        fixture = IngestFixture.start(dir, new SimulatorSettings(), GroundTruth.symbols(3));
        Map<String, String> s = fixture.settings();
        s.put("ingest.db.url", dbUrl);
        return s;
    }

    private static String failedLine(Cli.Result r) {
        List<String> lines = r.stderr().lines().filter(l -> l.startsWith("Failed: ")).toList();
        assertThat(lines).as(r.stderr()).hasSize(1);
        return lines.get(0);
    }

    @Test
    void aDatabaseThatStaysAwayEndsABackfillWithExit4OnceIngestDbMaxOutageHasPassed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();   // closed again: nothing listens there
        }
        Map<String, String> settings = settings("jdbc:postgresql://127.0.0.1:" + port + "/test?user=postgres");
        settings.put("ingest.db.max-outage", "PT3S");
        settings.put("ingest.retry.initial-delay", "PT0.2S");

        long t0 = System.nanoTime();
        Cli.Result r = Cli.run(settings, "backfill", "--from", "2026-11-24", "--to", "2026-11-25", "--quiet");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(4);
        assertThat(failedLine(r)).startsWith("Failed: database 127.0.0.1:" + port + "/test unavailable since ")
                .contains("for longer than ingest.db.max-outage (PT3S)", "Connection to 127.0.0.1:" + port + " refused")
                .endsWith("run the same command again once it is back; nothing was lost");
        assertThat(took).as("ridden out for the bound, then given up").isBetween(Duration.ofSeconds(3), Duration.ofSeconds(60));
        assertThat(fixture.sim.stats().requests()).as("no request without a database").isZero();
    }

    @Test
    void anUnknownPostgresDatabaseIsExit7NamingItAtOnce() throws Exception {
        Postgres.freshSchema().close();   // skips (fails under CI) when no server answers
        Map<String, String> settings = settings("jdbc:postgresql://127.0.0.1:5432/no_such_db_for_ingest?user=postgres");

        long t0 = System.nanoTime();
        Cli.Result r = Cli.run(settings, "status");

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(7);
        assertThat(failedLine(r)).startsWith("Failed: database 127.0.0.1:5432/no_such_db_for_ingest does not exist (")
                .contains("no_such_db_for_ingest").endsWith("create it (and the schema of currentSchema), or fix ingest.db.url");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("permanent: not ridden out").isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aRoleThePostgresServerDoesNotKnowIsALoginRefusedExit7() throws Exception {
        Postgres.freshSchema().close();
        Map<String, String> settings = settings("jdbc:postgresql://127.0.0.1:5432/test?user=no_such_role_for_ingest");

        Cli.Result r = Cli.run(settings, "backfill", "--from", "2026-11-24", "--to", "2026-11-25", "--quiet");

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(7);
        assertThat(failedLine(r)).startsWith("Failed: database 127.0.0.1:5432/test refused the login (")
                .contains("no_such_role_for_ingest").endsWith("check the user and password of ingest.db.url");
    }

    @Test
    void aSqliteFileOnAReadOnlyFilesystemIsExit6AndNothingIsWritten() throws Exception {
        Path disk = dir.resolve("ro-disk");
        java.nio.file.Files.createDirectories(disk);
        org.junit.jupiter.api.Assumptions.assumeTrue(Shell.run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", disk.toString()) == 0,
                "cannot mount a filesystem here (not root): the read-only spec is skipped");
        try {
            Path file = disk.resolve("market.db");
            Database.open("jdbc:sqlite:" + file, 2).close();   // made and migrated, then its filesystem turns read-only
            Database.openQuotaLedger("jdbc:sqlite:" + file).close();
            assertThat(Shell.run("mount", "-o", "remount,ro", disk.toString())).isZero();
            Map<String, String> settings = settings("jdbc:sqlite:" + file);

            Cli.Result r = Cli.run(settings, "backfill", "--from", "2026-11-24", "--to", "2026-11-25", "--quiet");

            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(6);
            assertThat(failedLine(r)).startsWith("Failed: database " + file.toAbsolutePath() + " ")
                    .containsAnyOf(" is read-only (", " refused access (")
                    .endsWith("and run the same command again; nothing was lost")
                    .doesNotContain("Exchange[");
            assertThat(Shell.run("mount", "-o", "remount,rw", disk.toString())).isZero();
            assertThat(GroundTruth.count("jdbc:sqlite:" + file)).isZero();
        } finally {
            Shell.run("umount", disk.toString());
        }
    }
}
