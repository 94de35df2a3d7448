package com.marketbars.ingest;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorSimulator;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vendor revises history (the simulator's {@code revision}) after it was ingested: what each write mode makes
 * of the re-read, through the real CLI, over loopback HTTP. Run on both stores by RevisionsEndToEndSqliteTest and
 * RevisionsEndToEndPostgresTest.
 */
abstract class RevisionsEndToEndTest {
    static final Instant DAY = Instant.parse("2026-11-24T00:00:00Z");
    static final Instant NEXT_DAY = Instant.parse("2026-11-25T00:00:00Z");
    static final String[] BACKFILL_THE_DAY = {"backfill", "--from", "2026-11-24", "--to", "2026-11-25", "--quiet"};

    @TempDir
    Path dir;
    IngestFixture fixture;
    VendorSimulator sim;
    String dbUrl;
    final List<String> universe = GroundTruth.symbols(30);
    final long bars = GroundTruth.expectedCount(universe, DAY, NEXT_DAY);
    private final SqlDialect dialect;

    RevisionsEndToEndTest(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @BeforeEach
    void startSimulator() throws Exception {
        fixture = IngestFixture.start(dialect, dir, new SimulatorSettings(), universe);
        sim = fixture.sim;
        dbUrl = fixture.dbUrl;
    }

    @AfterEach
    void stopSimulator() {
        if (fixture != null) {   // null when skipped: no PostgreSQL server outside CI
            fixture.close();
        }
    }

    /** Backfills the day, asserting exit 0. */
    Cli.Result backfill(Map<String, String> settings, String... extra) {
        String[] args = Stream.concat(Arrays.stream(BACKFILL_THE_DAY), Arrays.stream(extra)).toArray(String[]::new);
        Cli.Result r = Cli.run(settings, args);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r;
    }

    /** The counts of the backfill summary line. */
    static String counts(long inserted, long duplicates, long revised) {
        return String.format(" %,d bars new, %,d duplicate, %,d revised, 0 rejected", inserted, duplicates, revised);
    }

    @Test
    void anUpsertBackfillReplacesEachRevisedBarOnceAndRunningItAgainChangesNothing() throws Exception {
        Map<String, String> settings = fixture.settings();
        backfill(settings);
        sim.settings().revision = 1;
        long revised = GroundTruth.changed(universe, DAY, NEXT_DAY, 0, 1);
        assertThat(revised).as("bars the vendor revised").isPositive();

        Cli.Result upsert = backfill(settings, "--mode", "upsert");

        assertThat(upsert.stderr()).contains(counts(0, bars - revised, revised));
        GroundTruth.assertExactly(dbUrl, universe, DAY, NEXT_DAY, 1);

        Cli.Result again = backfill(settings, "--mode", "upsert");

        assertThat(again.stderr()).contains(counts(0, bars, 0));
        GroundTruth.assertExactly(dbUrl, universe, DAY, NEXT_DAY, 1);
    }

    @Test
    void anInsertOnlyRerunKeepsTheStoredBarsWhenTheVendorHasRevisedThem() throws Exception {
        Map<String, String> settings = fixture.settings();
        backfill(settings);
        sim.settings().revision = 1;

        Cli.Result rerun = backfill(settings);

        assertThat(sim.stats().barsServed()).as("the revised range was really pulled again").isEqualTo(2 * bars);
        assertThat(rerun.stderr()).contains(counts(0, bars, 0));
        GroundTruth.assertExactly(dbUrl, universe, DAY, NEXT_DAY, 0);
    }

    @Test
    void aSourceConfiguredForUpsertAppliesEachNewRevisionWithoutMode() throws Exception {
        Map<String, String> settings = fixture.settings();
        settings.put("ingest.write-mode", "upsert");
        sim.settings().revision = 1;
        assertThat(backfill(settings).stderr()).contains(counts(bars, 0, 0));
        sim.settings().revision = 2;
        // revision 2 corrects other bars, and puts those of revision 1 back as they were first
        long changed = GroundTruth.changed(universe, DAY, NEXT_DAY, 1, 2);

        Cli.Result r = backfill(settings);

        assertThat(r.stderr()).contains(counts(0, bars - changed, changed));
        GroundTruth.assertExactly(dbUrl, universe, DAY, NEXT_DAY, 2);
    }

    @Test
    void modeInsertOnlyOverridesASourceConfiguredForUpsert() throws Exception {
        Map<String, String> settings = fixture.settings();
        settings.put("ingest.write-mode", "upsert");
        backfill(settings);
        sim.settings().revision = 1;

        Cli.Result r = backfill(settings, "--mode", "insert-only");

        assertThat(r.stderr()).contains(counts(0, bars, 0));
        GroundTruth.assertExactly(dbUrl, universe, DAY, NEXT_DAY, 0);
    }

    @Test
    void anUnknownWriteModeIsRefusedNamingTheOptionOrKeyBeforeAnyRequest() {
        Cli.Result option = Cli.run(fixture.settings(), "backfill", "--from", "2026-11-24", "--to", "2026-11-25", "--mode", "update");
        Map<String, String> settings = fixture.settings();
        settings.put("ingest.write-mode", "overwrite");
        Cli.Result key = Cli.run(settings, "backfill", "--from", "2026-11-24", "--to", "2026-11-25");

        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.stderr()).contains("--mode").contains("'update' is not a write mode; expected one of insert-only, upsert");
        assertThat(key.exitCode()).isEqualTo(2);
        assertThat(key.stderr()).contains("Invalid configuration: ingest.write-mode: 'overwrite' is not a write mode");
        assertThat(sim.stats().requests()).isZero();
    }
}
