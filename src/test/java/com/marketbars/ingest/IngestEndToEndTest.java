package com.marketbars.ingest;

import com.marketbars.ingest.calendar.NyseCalendar;
import com.marketbars.ingest.checkpoint.BatchPacking;
import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.model.FeedPlan;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.pipeline.CatchUp;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorSimulator;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.support.Checkpoints;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline over loopback HTTP against the simulator, into a real database, through the real CLI. Run on
 * both stores by IngestEndToEndSqliteTest and IngestEndToEndPostgresTest.
 */
abstract class IngestEndToEndTest {
    static final Instant DAY = Instant.parse("2026-11-24T00:00:00Z");     // a Tuesday
    static final Instant NEXT_DAY = Instant.parse("2026-11-25T00:00:00Z");

    @TempDir
    Path dir;
    IngestFixture fixture;
    VendorSimulator sim;
    String dbUrl;
    private final SqlDialect dialect;

    IngestEndToEndTest(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @BeforeEach
    void startSimulator() throws Exception {
        fixture = IngestFixture.start(dialect, dir, new SimulatorSettings(), List.of("AAPL"));
        sim = fixture.sim;
        dbUrl = fixture.dbUrl;
    }

    @AfterEach
    void stopSimulator() {
        if (fixture != null) {   // null when skipped: no PostgreSQL server outside CI
            fixture.close();
        }
    }

    /** The fewest requests for DAY: its bars over a page of 10,000, rounded up (Alpaca's pages are shared by symbols). */
    private static long floorOfTheDay(List<String> universe) {
        return (GroundTruth.expectedCount(universe, DAY, NEXT_DAY) + 9_999) / 10_000;
    }

    /** The batches DAY's symbols are packed into: as many as the calendar's bars of the day fill 10 pages (docs/feeds.md). */
    private static long batchesOfTheDay(List<String> universe) {
        FeedPlan shipped = new FeedPlan(Timeframe.ONE_MINUTE, java.time.Duration.ofDays(1), java.time.Duration.ofMinutes(2),
                1000, 10_000, 10, com.marketbars.ingest.model.RequestShape.SHARED_PAGES, new NyseCalendar(), false);
        int perBatch = BatchPacking.symbolsPerBatch(shipped, DAY, NEXT_DAY);
        return (universe.size() + perBatch - 1) / perBatch;
    }

    Map<String, String> settings(List<String> universe) throws Exception {
        fixture.universe(universe);
        return fixture.settings();
    }

    @Test
    void oneTradingDayFor500SymbolsLandsExactlyWithTheFewestRequests() throws Exception {
        List<String> universe = GroundTruth.symbols(500);

        Cli.Result r = Cli.run(settings(universe), "backfill", "--from", "2026-11-24", "--to", "2026-11-25", "--quiet");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        GroundTruth.assertExactly(dbUrl, universe, DAY, NEXT_DAY);
        long floor = floorOfTheDay(universe);
        // packed by the calendar's bars, each batch wastes at most its last, partly filled page
        assertThat(sim.stats().requests()).isBetween(floor, floor + batchesOfTheDay(universe));
        assertThat(r.stderr()).contains("requests (floor " + floor + ")");
    }

    @Test
    void theSameBackfillTwiceAddsZeroRows() throws Exception {
        List<String> universe = GroundTruth.symbols(60);
        Map<String, String> settings = settings(universe);
        assertThat(Cli.run(settings, "backfill", "--from", "2026-11-24", "--to", "2026-11-25", "--quiet").exitCode()).isZero();
        long rows = GroundTruth.count(dbUrl);
        long served = sim.stats().barsServed();

        Cli.Result again = Cli.run(settings, "backfill", "--from", "2026-11-24", "--to", "2026-11-25", "--quiet");

        assertThat(again.exitCode()).isZero();
        assertThat(sim.stats().barsServed()).as("the range was really pulled again").isEqualTo(2 * served);
        assertThat(GroundTruth.count(dbUrl)).isEqualTo(rows);
        assertThat(again.stderr()).contains(" 0 bars new, " + String.format("%,d", rows) + " duplicate");
        GroundTruth.assertExactly(dbUrl, universe, DAY, NEXT_DAY);
    }

    @Test
    void aBackfillInterruptedUnderTheReleaseBeforeJobsResumesWhereItStoppedWhenRunAgain() throws Exception {
        List<String> universe = GroundTruth.symbols(60);
        Map<String, String> settings = settings(universe);
        Instant monday = Instant.parse("2026-11-23T00:00:00Z");
        // what that release left of a backfill of the 23rd and 24th, stopped after the 23rd: the 23rd's bars stored,
        // and its own cursor of the range with every symbol at the 24th
        assertThat(Cli.run(settings, "backfill", "--from", "2026-11-23", "--to", "2026-11-24", "--quiet").exitCode()).isZero();
        String earlier = "alpaca_bars_1min@backfill:" + monday + "/" + NEXT_DAY;
        try (Database db = Database.open(dbUrl, 2)) {
            new CheckpointStore(db, Clock.systemUTC()).advance(earlier, universe, DAY);
        }
        long before = sim.stats().requests();

        Cli.Result r = Cli.run(settings, "backfill", "--from", "2026-11-23", "--to", "2026-11-25", "--quiet");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("Resuming an earlier backfill of this range (" + earlier + "): 60 symbols' checkpoints carried");
        assertThat(batchesOfTheDay(universe)).isOne();
        assertThat(sim.stats().requests() - before).as("requests of the resumed backfill: the 24th's only, in one batch")
                .isEqualTo(floorOfTheDay(universe));
        GroundTruth.assertExactly(dbUrl, universe, monday, NEXT_DAY);
        assertThat(Checkpoints.of(dbUrl, earlier)).as("the earlier cursor, carried over").isEmpty();
    }

    @Test
    void aResumedEarlierBackfillReplaysTheDeadLettersItLeftUnderItsOwnCursor() throws Exception {
        List<String> universe = GroundTruth.symbols(10);
        Map<String, String> settings = settings(universe);
        settings.put("ingest.dlq.retry-initial-delay", "PT0S");   // rows due at once
        Instant monday = Instant.parse("2026-11-23T00:00:00Z");
        // the release before jobs: the whole range as one job under its own cursor; the vendor refused one symbol, so
        // that release dead-lettered its batch and checkpointed the windows past it
        sim.settings().failingSymbol = universe.get(4);
        settings.put("ingest.scheduler.enabled", "false");
        IngestRuntime earlier = IngestRuntime.start(null, settings);
        try {
            Feeds feeds = earlier.bean("Feeds", Feeds.class);
            earlier.bean("CatchUp", CatchUp.class).run(feeds.chosen(null).jobs().backfill(monday, NEXT_DAY, List.of()));
        } finally {
            earlier.stop();
        }
        // finished, it forgot its cursor: as if it had stopped after Monday, every symbol's cursor at Tuesday
        String earlierKey = "alpaca_bars_1min@backfill:" + monday + "/" + NEXT_DAY;
        assertThat(Checkpoints.of(dbUrl, earlierKey)).isEmpty();
        try (Database db = Database.open(dbUrl, 2)) {
            new CheckpointStore(db, Clock.systemUTC()).advance(earlierKey, universe, DAY);
        }
        sim.settings().failingSymbol = null;   // the symbol is served again: Monday's bars of it are in a DLQ row only

        Cli.Result r = Cli.run(settings, "backfill", "--from", "2026-11-23", "--to", "2026-11-25", "--quiet");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("Resuming an earlier backfill of this range");
        GroundTruth.assertExactly(dbUrl, universe, monday, NEXT_DAY);
    }

    @Test
    void aWindowOfManyPagesIsComplete() throws Exception {
        List<String> universe = List.of("AAPL", "MSFT", "NVDA");
        Map<String, String> settings = settings(universe);
        settings.put("ingest.vendor.page-limit", "100");
        settings.put("ingest.batch.pages", "100");   // the three symbols in one batch: its pages are the window's floor

        Cli.Result r = Cli.run(settings, "backfill", "--from", "2026-11-23", "--to", "2026-11-25", "--quiet");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        GroundTruth.assertExactly(dbUrl, universe, Instant.parse("2026-11-23T00:00:00Z"), NEXT_DAY);
        long perDay1 = GroundTruth.expectedCount(universe, Instant.parse("2026-11-23T00:00:00Z"), DAY);
        long perDay2 = GroundTruth.expectedCount(universe, DAY, NEXT_DAY);
        assertThat(sim.stats().requests()).isEqualTo((perDay1 + 99) / 100 + (perDay2 + 99) / 100);
    }

    @Test
    void onlyTheRequestedSymbolsAreBackfilled() throws Exception {
        Map<String, String> settings = settings(GroundTruth.symbols(20));

        Cli.Result r = Cli.run(settings, "backfill", "--from", "2026-11-24", "--to", "2026-11-25", "--symbols", "MSFT,BRK.B", "--quiet");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        GroundTruth.assertExactly(dbUrl, List.of("MSFT", "BRK.B"), DAY, NEXT_DAY);
    }

    @Test
    void aRestartResumesFromTheCheckpointOfEachSymbol() throws Exception {
        List<String> universe = GroundTruth.symbols(7);
        Map<String, String> settings = settings(universe);
        Instant start = Instant.now().minus(java.time.Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        settings.put("ingest.start", start.toString());
        // a first run that stops a day short of the present
        settings.put("ingest.settle", "P1D");
        assertThat(Cli.run(settings, "run", "--once").exitCode()).isZero();
        Map<String, Instant> first = Checkpoints.of(dbUrl, "alpaca_bars_1min");
        assertThat(first.keySet()).containsExactlyInAnyOrderElementsOf(universe);
        long servedBefore = sim.stats().barsServed();

        // restarted with the normal settle: it asks only for what lies after its checkpoint
        settings.put("ingest.settle", "PT2M");
        assertThat(Cli.run(settings, "run", "--once").exitCode()).isZero();

        Map<String, Instant> second = Checkpoints.of(dbUrl, "alpaca_bars_1min");
        Instant h1 = first.get("AAA");
        Instant h2 = second.get("AAA");
        assertThat(second.values()).containsOnly(h2);
        assertThat(h2).isAfter(h1);
        assertThat(sim.stats().barsServed() - servedBefore).isEqualTo(GroundTruth.expectedCount(universe, h1, h2));
        assertThat(GroundTruth.count(dbUrl)).isEqualTo(GroundTruth.expectedCount(universe, start, h2));
        GroundTruth.assertExactly(dbUrl, universe, start, h2);
    }

    @Test
    void anInvalidSettingFailsAtStartupNamingTheKey() throws Exception {
        Map<String, String> settings = settings(List.of("AAPL"));
        settings.put("ingest.window", "15 minutes");

        Cli.Result r = Cli.run(settings, "backfill", "--from", "2026-11-24", "--to", "2026-11-25");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("ingest.window").contains("ISO-8601");
        assertThat(sim.stats().requests()).isZero();
    }

    @Test
    void aHostileSymbolIsRefusedBeforeAnyRequest() throws Exception {
        Cli.Result r = Cli.run(settings(List.of("AAPL")), "backfill", "--from", "2026-11-24", "--to", "2026-11-25",
                "--symbols", "A;DROP TABLE bars");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("--symbols").contains("not a valid ticker symbol");
        assertThat(sim.stats().requests()).isZero();
    }
}
