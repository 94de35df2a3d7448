package com.marketbars.ingest.coverage;

import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.model.FeedPlan;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.dlq.ReplayRequest;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.model.Provider;
import com.marketbars.ingest.model.QualityRule;
import com.marketbars.ingest.model.Rejection;
import com.marketbars.ingest.simulator.SyntheticBars;
import com.marketbars.ingest.simulator.VendorEndpoint;
import com.marketbars.ingest.store.BarStore;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.store.UniverseStore;
import com.marketbars.ingest.store.VendorAnswer;
import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.support.CountingDataSource;
import com.marketbars.ingest.support.OpenedDatabase;
import com.marketbars.ingest.support.Plans;
import com.marketbars.ingest.support.PunchedHoles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.marketbars.ingest.support.PunchedHoles.hole;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Specs of {@link Coverage} against a feed stored from the simulator's ground truth, run on both stores by
 * CoverageSqliteTest and CoveragePostgresTest. The week: Wednesday 2026-11-18 to Tuesday 2026-11-24 (New York on
 * EST: the session is 14:30-21:00 UTC); the stock feed's checkpoint is Monday 18:00 UTC.
 */
abstract class CoverageTest {
    private static final String FEED = "stocks_1min";
    private static final FeedSettings STOCKS = Plans.feed(FEED);
    private static final List<String> SYMBOLS = List.of("AAA", "AAB", "AAC");
    private static final LocalDate WED = LocalDate.parse("2026-11-18");
    private static final LocalDate THU = WED.plusDays(1);
    private static final LocalDate FRI = WED.plusDays(2);
    private static final LocalDate MON = WED.plusDays(5);
    private static final LocalDate WEEK_END = WED.plusDays(7);
    private static final Instant CHECKPOINT = Instant.parse("2026-11-23T18:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T19:00:00Z"), ZoneOffset.UTC);

    private final SqlDialect dialect;

    @TempDir
    Path dir;

    private OpenedDatabase opened;
    private Database db;
    private Coverage coverage;

    CoverageTest(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @BeforeEach
    void open() {
        opened = OpenedDatabase.open(dialect, dir, 4);
        db = opened.db();
        coverage = new Coverage(db, CLOCK);
    }

    @AfterEach
    void close() {
        if (opened != null) {   // null when the test was skipped (no PostgreSQL server outside CI)
            opened.close();
        }
    }

    @Test
    void a_complete_feed_expects_the_sessions_minutes_up_to_its_checkpoint_and_stores_every_bar_the_vendor_has() {
        ingest(STOCKS, VendorEndpoint.ALPACA_STOCKS, SYMBOLS, at(THU), CHECKPOINT, CHECKPOINT);

        CoverageGrid grid = coverage.grid(STOCKS, WED, WEEK_END);

        assertThat(grid.feed()).isEqualTo(FEED);
        assertThat(grid.expectedFrom()).contains("regular NYSE session", "holidays", "early close", "checkpoint");
        assertThat(grid.symbols()).containsExactlyElementsOf(SYMBOLS);
        assertThat(grid.days()).containsExactlyElementsOf(WED.datesUntil(WEEK_END).toList());
        assertThat(grid.cells()).hasSize(21);
        for (String s : SYMBOLS) {
            assertCell(grid.cell(s, WED), DayStatus.NOT_INGESTED, 0, 0);
            assertCell(grid.cell(s, THU), DayStatus.INGESTED, 390, served(s, session(THU).from(), session(THU).to()));
            assertCell(grid.cell(s, FRI), DayStatus.INGESTED, 390, served(s, session(FRI).from(), session(FRI).to()));
            assertCell(grid.cell(s, FRI.plusDays(1)), DayStatus.NO_SESSION, 0, 0);
            assertCell(grid.cell(s, FRI.plusDays(2)), DayStatus.NO_SESSION, 0, 0);
            assertCell(grid.cell(s, MON), DayStatus.INGESTED, 210, served(s, session(MON).from(), CHECKPOINT));
            assertCell(grid.cell(s, MON.plusDays(1)), DayStatus.NOT_INGESTED, 0, 0);
            assertThat(grid.cell(s, THU).missing()).as("the vendor's thin minutes of %s", s).isPositive();
            // no answer of the vendor recorded here (bars written straight), so its thin minutes count as missing
            assertThat(grid.cell(s, THU).share().orElseThrow()).isGreaterThan(0.5).isLessThan(1);
            assertThat(grid.cell(s, WED).share()).isEmpty();
            assertThat(coverage.gaps(STOCKS, s, at(WED), at(WEEK_END)))
                    .as("the vendor's thin minutes of %s, and nothing else", s)
                    .containsExactlyElementsOf(new PunchedHoles().expected(s, at(THU), CHECKPOINT));
        }
        assertThat(coverage.ingested(STOCKS, "AAA")).contains(new Ingested("AAA", at(THU), CHECKPOINT));
    }

    @Test
    void gaps_are_the_vendors_thin_minutes_and_the_punched_holes_merged_into_ranges() throws SQLException {
        ingest(STOCKS, VendorEndpoint.ALPACA_STOCKS, SYMBOLS, at(THU), CHECKPOINT, CHECKPOINT);
        PunchedHoles holes = new PunchedHoles(
                hole("AAA", "2026-11-19T15:00:00Z", "2026-11-19T15:10:00Z"),
                hole("AAB", "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z"),
                hole("AAC", "2026-11-20T20:55:00Z", "2026-11-20T21:00:00Z"),
                hole("AAC", "2026-11-23T14:30:00Z", "2026-11-23T14:35:00Z")).punch(opened.database().url(), FEED);

        CoverageGrid grid = coverage.grid(STOCKS, WED, WEEK_END);

        for (String s : SYMBOLS) {
            List<Gap> gaps = coverage.gaps(STOCKS, s, at(WED), at(WEEK_END));
            assertThat(gaps).as("gaps of %s", s).containsExactlyElementsOf(holes.expected(s, at(THU), CHECKPOINT));
            for (LocalDate d : List.of(THU, FRI, MON)) {
                assertThat(grid.cell(s, d).missing()).as("missing bars of %s on %s", s, d)
                        .isEqualTo(gaps.stream().filter(g -> day(g.from()).equals(d)).mapToInt(Gap::bars).sum());
            }
            Instant from = Instant.parse("2026-11-20T20:00:00Z");
            Instant to = Instant.parse("2026-11-23T15:00:00Z");
            assertThat(coverage.gaps(STOCKS, s, from, to)).as("gaps of %s in a shorter period", s)
                    .containsExactlyElementsOf(holes.expected(s, from, to));
        }
        assertThat(coverage.gaps(STOCKS, "AAB", at(FRI), at(FRI.plusDays(1))))
                .containsExactly(new Gap("AAB", session(FRI).from(), session(FRI).to(), 390));
        assertCell(grid.cell("AAB", FRI), DayStatus.INGESTED, 390, 0);
        assertThat(coverage.gaps(STOCKS, "AAC", at(FRI), at(MON.plusDays(1))))
                .as("the end of Friday's session and the start of Monday's are two ranges: the nights and the weekend expect nothing")
                .contains(new Gap("AAC", Instant.parse("2026-11-20T20:55:00Z"), session(FRI).to(), 5))
                .anySatisfy(g -> assertThat(g.from()).isEqualTo(session(MON).from()));
    }

    @Test
    void a_minute_the_vendor_answered_without_a_bar_is_thin_not_a_gap_and_a_deleted_hour_is_exactly_its_lost_bars() throws SQLException {
        // the vendor's answer for THU-FRI recorded with its pages, as the pipeline does: its thin minutes are no gaps
        Instant from = at(THU);
        Instant to = at(FRI.plusDays(1));
        new UniverseStore(db, CLOCK, FEED).sync(SYMBOLS);
        BarStore store = new BarStore(db, CLOCK);
        for (String s : SYMBOLS) {
            List<Bar> bars = SyntheticBars.range(VendorEndpoint.ALPACA_STOCKS, s, Timeframe.ONE_MINUTE, from, to, 0);
            // two pages: the first tells only its bars, the last that the whole request was answered
            store.write(FEED, WriteMode.INSERT_ONLY, bars.subList(0, 100), List.of(), VendorAnswer.partial(Duration.ofMinutes(1)));
            store.write(FEED, WriteMode.INSERT_ONLY, bars.subList(100, bars.size()), List.of(),
                    VendorAnswer.complete(Duration.ofMinutes(1), List.of(s), from, to));
        }
        new CheckpointStore(db, CLOCK).advance(FEED, SYMBOLS, to);

        CoverageGrid grid = coverage.grid(STOCKS, THU, FRI.plusDays(1));
        for (String s : SYMBOLS) {
            for (LocalDate d : List.of(THU, FRI)) {
                Cell c = grid.cell(s, d);
                int served = served(s, session(d).from(), session(d).to());
                assertThat(c.stored()).isEqualTo(served);
                assertThat(c.thin()).as("%s %s: the session's minutes the vendor has no bar for", s, d).isEqualTo(390 - served).isPositive();
                assertThat(c.missing()).isZero();
                assertThat(c.lost()).isZero();
                assertThat(c.share()).hasValue(1.0);
            }
            assertThat(coverage.gaps(STOCKS, s, from, to)).as("a thin but complete day has no gap").isEmpty();
        }

        // an hour lost: the bars the vendor served in it are missing, its thin minutes stay thin
        new PunchedHoles(hole("AAB", "2026-11-20T15:00:00Z", "2026-11-20T16:00:00Z")).punch(opened.database().url(), FEED);
        int deleted = served("AAB", Instant.parse("2026-11-20T15:00:00Z"), Instant.parse("2026-11-20T16:00:00Z"));
        Cell hit = coverage.grid(STOCKS, FRI, FRI.plusDays(1)).cell("AAB", FRI);
        assertThat(hit.lost()).isEqualTo(deleted);
        assertThat(hit.missing()).isEqualTo(deleted);
        List<Gap> gaps = coverage.gaps(STOCKS, "AAB", from, to);
        assertThat(gaps.stream().mapToInt(Gap::bars).sum()).isEqualTo(deleted);
        assertThat(gaps).allSatisfy(g -> {
            assertThat(g.from()).isAfterOrEqualTo(Instant.parse("2026-11-20T15:00:00Z"));
            assertThat(g.to()).isBeforeOrEqualTo(Instant.parse("2026-11-20T16:00:00Z"));
        });
        assertThat(coverage.gaps(STOCKS, "AAA", from, to)).isEmpty();

        // the same deleted hour, from the top: in the day's overview, first of the day's worst symbols, in its drill-down
        DayOverview friday = coverage.overview(STOCKS, THU, FRI.plusDays(1)).days().get(1);
        assertThat(friday.missing()).isEqualTo(deleted);
        assertThat(friday.lost()).isEqualTo(deleted);
        assertThat(friday.symbolsWithGaps()).isEqualTo(1);
        assertThat(coverage.overview(STOCKS, THU, FRI.plusDays(1)).days().get(0).symbolsWithGaps()).isZero();
        CellPage worst = coverage.worst(STOCKS, FRI, 0, 10);
        assertThat(worst.total()).isEqualTo(1);
        assertThat(worst.cells()).extracting(Cell::symbol, Cell::missing).containsExactly(org.assertj.core.groups.Tuple.tuple("AAB", deleted));
        SymbolCoverage drill = coverage.symbol(STOCKS, "AAB", THU, FRI.plusDays(1));
        assertThat(drill.cells()).extracting(Cell::missing).containsExactly(0, deleted);
        assertThat(drill.gaps()).isEqualTo(gaps);
        assertThat(coverage.search(STOCKS, "ab", 5)).containsExactly("AAB");
    }

    @Test
    void answers_of_pages_written_at_once_by_many_writers_lose_no_bit() throws Exception {
        // every minute of THU's session answered by a page of its own, 8 writers at once: each bit must survive
        Instant open = session(THU).from();
        new UniverseStore(db, CLOCK, FEED).sync(List.of("AAA"));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int m = 0; m < 390; m++) {
                Instant t = open.plus(Duration.ofMinutes(m));
                List<Bar> bars = m % 3 == 0 ? List.of() : List.of(new Bar("AAA", t, 1, 1, 1, 1, 1, 1, 1.0));
                done.add(pool.submit(() -> new BarStore(db, CLOCK).write(FEED, WriteMode.INSERT_ONLY, bars, List.of(),
                        VendorAnswer.complete(Duration.ofMinutes(1), List.of("AAA"), t, t.plus(Duration.ofMinutes(1))))));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        new CheckpointStore(db, CLOCK).advance(FEED, List.of("AAA"), at(FRI));
        Cell c = coverage.grid(STOCKS, THU, FRI).cell("AAA", THU);
        assertThat(c.stored()).isEqualTo(260);
        assertThat(c.thin()).as("every minute without a bar was answered").isEqualTo(130);
        assertThat(c.missing()).isZero();
    }

    @Test
    void quarantined_and_dead_lettered_bars_show_in_their_cells() {
        ingest(STOCKS, VendorEndpoint.ALPACA_STOCKS, SYMBOLS, at(THU), CHECKPOINT, CHECKPOINT);
        new BarStore(db, CLOCK).write(FEED, List.of(), List.of(
                new Rejection("AAB", "2026-11-23T15:00:00Z", "{\"t\":\"2026-11-23T15:00:00Z\",\"l\":9,\"h\":1}", QualityRule.PRICE_RANGE, "low > high"),
                new Rejection("AAB", "2026-11-23T15:01:00Z", "{\"t\":\"2026-11-23T15:01:00Z\",\"o\":\"NaN\"}", QualityRule.NOT_A_NUMBER, "o")));
        new DeadLetterStore(db, CLOCK).record(FEED, new ReplayRequest(FEED, List.of("AAB", "AAC"),
                Instant.parse("2026-11-19T14:00:00Z"), Instant.parse("2026-11-19T15:00:00Z")), "HTTP 503", 0, CLOCK.instant(), false);

        CoverageGrid grid = coverage.grid(STOCKS, WED, WEEK_END);

        assertThat(grid.cell("AAB", MON).quarantined()).isEqualTo(2);
        assertThat(grid.cells().stream().mapToInt(Cell::quarantined).sum()).isEqualTo(2);
        assertThat(grid.cell("AAB", THU).deadLettered()).as("14:30-15:00 of the DLQ row's 14:00-15:00").isEqualTo(30);
        assertThat(grid.cell("AAC", THU).deadLettered()).isEqualTo(30);
        assertThat(grid.cell("AAA", THU).deadLettered()).isZero();
        assertThat(grid.cells().stream().mapToInt(Cell::deadLettered).sum()).isEqualTo(60);
    }

    @Test
    void a_weekday_without_a_bar_of_any_symbol_is_missing_whole_not_guessed_to_be_a_holiday() throws SQLException {
        ingest(STOCKS, VendorEndpoint.ALPACA_STOCKS, SYMBOLS, at(THU), CHECKPOINT, CHECKPOINT);
        PunchedHoles holes = new PunchedHoles(SYMBOLS.stream().map(s -> hole(s, "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z"))
                .toArray(PunchedHoles.Hole[]::new)).punch(opened.database().url(), FEED);

        CoverageGrid grid = coverage.grid(STOCKS, WED, WEEK_END);

        for (String s : SYMBOLS) {
            assertCell(grid.cell(s, FRI), DayStatus.INGESTED, 390, 0);
            assertThat(coverage.gaps(STOCKS, s, at(WED), at(WEEK_END))).as("gaps of %s", s)
                    .containsExactlyElementsOf(holes.expected(s, at(THU), CHECKPOINT))
                    .contains(new Gap(s, session(FRI).from(), session(FRI).to(), 390));
        }
    }

    @Test
    void the_exchange_calendar_says_which_days_have_a_session_and_how_long_and_extended_hours_are_shown_never_expected() {
        // Thanksgiving week 2026: Thursday 26 a holiday, Friday 27 closes at 13:00 New York (18:00 UTC)
        LocalDate tue = LocalDate.parse("2026-11-24");
        LocalDate thanksgiving = tue.plusDays(2);
        LocalDate dayAfter = tue.plusDays(3);
        Instant end = at(dayAfter.plusDays(1));
        Coverage later = new Coverage(db, Clock.fixed(end.plus(Duration.ofDays(2)), ZoneOffset.UTC));
        ingest(STOCKS, VendorEndpoint.ALPACA_STOCKS, SYMBOLS, at(tue), end, end);
        // a pre-market bar (09:00 New York) and an after-hours one past UTC midnight (19:30 New York = 00:30 UTC next day)
        new BarStore(db, CLOCK).write(FEED, List.of(
                new Bar("AAA", Instant.parse("2026-11-24T14:00:00Z"), 1, 1, 1, 1, 10, 1, 1.0),
                new Bar("AAA", Instant.parse("2026-11-25T00:30:00Z"), 1, 1, 1, 1, 10, 1, 1.0)), List.of());

        CoverageGrid grid = later.grid(STOCKS, tue, dayAfter.plusDays(1));

        for (String s : SYMBOLS) {
            assertCell(grid.cell(s, thanksgiving), DayStatus.NO_SESSION, 0, 0);
            assertThat(grid.cell(s, dayAfter).expected()).as("09:30-13:00 New York").isEqualTo(210);
            assertThat(grid.cell(s, dayAfter).stored()).isEqualTo(served(s, Instant.parse("2026-11-27T14:30:00Z"), Instant.parse("2026-11-27T18:00:00Z")));
            assertThat(later.gaps(STOCKS, s, at(thanksgiving), end)).as("no gap on the holiday nor after the early close")
                    .allSatisfy(g -> assertThat(g.to()).isBeforeOrEqualTo(Instant.parse("2026-11-27T18:00:00Z")))
                    .allSatisfy(g -> assertThat(g.from()).isAfterOrEqualTo(Instant.parse("2026-11-27T14:30:00Z")));
        }
        Instant preMarket = Instant.parse("2026-11-24T14:00:00Z");
        Instant afterHours = Instant.parse("2026-11-25T00:30:00Z");
        assertThat(grid.cell("AAA", tue).extendedHours()).as("the simulator's extended-hours bars and the 09:00 pre-market bar")
                .isEqualTo(extendedServed("AAA", tue) + (servedAt("AAA", preMarket) ? 0 : 1)).isPositive();
        assertThat(grid.cell("AAA", tue.plusDays(1)).extendedHours()).as("with Tuesday's after-hours bar, on Wednesday's UTC day")
                .isEqualTo(extendedServed("AAA", tue.plusDays(1)) + (servedAt("AAA", afterHours) ? 0 : 1));
        assertThat(grid.cell("AAA", tue).stored()).as("not counted as an expected bar").isEqualTo(served("AAA", session(tue).from(), session(tue).to()));
        assertThat(grid.cell("AAB", tue).extendedHours()).isEqualTo(extendedServed("AAB", tue));
    }

    @Test
    void without_a_checkpoint_a_history_ends_at_the_midnight_after_the_feeds_last_bar_and_a_symbol_without_bars_was_never_ingested()
            throws SQLException {
        new UniverseStore(db, CLOCK, FEED).sync(SYMBOLS);
        ingest(STOCKS, VendorEndpoint.ALPACA_STOCKS, List.of("AAA", "AAB"), at(THU), at(FRI.plusDays(1)), null);
        new PunchedHoles(hole("AAB", "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z")).punch(opened.database().url(), FEED);

        CoverageGrid grid = coverage.grid(STOCKS, WED, WEEK_END);

        assertCell(grid.cell("AAA", FRI), DayStatus.INGESTED, 390, served("AAA", session(FRI).from(), session(FRI).to()));
        assertCell(grid.cell("AAA", MON), DayStatus.NOT_INGESTED, 0, 0);
        assertThat(coverage.ingested(STOCKS, "AAA")).contains(new Ingested("AAA", at(THU), at(FRI.plusDays(1))));
        assertCell(grid.cell("AAB", FRI), DayStatus.INGESTED, 390, 0);
        assertThat(coverage.gaps(STOCKS, "AAB", at(FRI), at(MON)))
                .as("its last day lost: the feed's history goes on to Friday's end")
                .containsExactly(new Gap("AAB", session(FRI).from(), session(FRI).to(), 390));
        for (LocalDate d : List.of(WED, THU, FRI, MON)) {
            assertCell(grid.cell("AAC", d), DayStatus.NOT_INGESTED, 0, 0);
        }
        assertThat(coverage.ingested(STOCKS, "AAC")).isEmpty();
        assertThat(coverage.gaps(STOCKS, "AAC", at(WED), at(WEEK_END))).isEmpty();
        assertThat(coverage.gaps(STOCKS, "AAA", at(WED), at(WEEK_END)))
                .containsExactlyElementsOf(new PunchedHoles().expected("AAA", at(THU), at(FRI.plusDays(1))));
    }

    @Test
    void a_crypto_feed_expects_every_minute_of_every_day_and_a_gap_over_midnight_is_one_range() throws SQLException {
        FeedSettings crypto = new FeedSettings("crypto_1min", Provider.ALPACA_CRYPTO, "alpaca", "embedded", "iex",
                List.of("BTC/USD"), Plans.DEFAULT, "P1D", "0 * * * * ?", WriteMode.INSERT_ONLY);
        ingest(crypto, VendorEndpoint.ALPACA_CRYPTO, List.of("BTC/USD", "ETH/USD"), at(FRI), at(MON), at(MON));
        PunchedHoles holes = new PunchedHoles(hole("BTC/USD", "2026-11-20T23:50:00Z", "2026-11-21T00:10:00Z"))
                .punch(opened.database().url(), "crypto_1min");

        CoverageGrid grid = coverage.grid(crypto, FRI, MON.plusDays(1));
        List<Gap> gaps = coverage.gaps(crypto, "BTC/USD", at(FRI), at(MON));

        assertThat(grid.expectedFrom()).contains("every 1Min bar of every day (24/7)");
        assertThat(grid.cell("ETH/USD", FRI.plusDays(1)).expected()).isEqualTo(1440);
        assertThat(grid.cell("ETH/USD", FRI.plusDays(1)).stored())
                .isEqualTo(SyntheticBars.range(VendorEndpoint.ALPACA_CRYPTO, "ETH/USD", Timeframe.ONE_MINUTE, at(FRI.plusDays(1)), at(FRI.plusDays(2)), 0).size());
        assertThat(grid.cell("BTC/USD", MON).status()).isEqualTo(DayStatus.NOT_INGESTED);
        assertThat(gaps).containsExactlyElementsOf(holes.expected(VendorEndpoint.ALPACA_CRYPTO, "BTC/USD", at(FRI), at(MON)));
        assertThat(gaps).anySatisfy(g -> assertThat(new TimeRange(g.from(), g.to())
                .intersect(new TimeRange(Instant.parse("2026-11-20T23:50:00Z"), Instant.parse("2026-11-21T00:10:00Z"))))
                .isEqualTo(new TimeRange(Instant.parse("2026-11-20T23:50:00Z"), Instant.parse("2026-11-21T00:10:00Z"))));
    }

    @Test
    void an_hour_feed_expects_the_utc_hours_that_overlap_the_session() throws SQLException {
        FeedSettings hours = new FeedSettings("stocks_1hour", Provider.ALPACA_STOCKS, "alpaca", "embedded", "iex", List.of("AAA"),
                Plans.plan(Timeframe.ONE_HOUR, Duration.ofDays(1), Duration.ofMinutes(2), 50, 10_000), "P1D", "0 * * * * ?",
                WriteMode.INSERT_ONLY);
        ingest(hours, VendorEndpoint.ALPACA_STOCKS, List.of("AAA"), at(THU), at(MON), at(MON));
        new PunchedHoles(hole("AAA", "2026-11-20T16:00:00Z", "2026-11-20T17:00:00Z")).punch(opened.database().url(), "stocks_1hour");

        CoverageGrid grid = coverage.grid(hours, THU, MON.plusDays(1));

        assertThat(grid.expectedFrom()).contains("each UTC hour that overlaps the regular NYSE session");
        assertCell(grid.cell("AAA", THU), DayStatus.INGESTED, 7, 7);
        assertCell(grid.cell("AAA", FRI), DayStatus.INGESTED, 7, 6);
        assertThat(coverage.gaps(hours, "AAA", at(THU), at(MON))).containsExactly(
                new Gap("AAA", Instant.parse("2026-11-20T16:00:00Z"), Instant.parse("2026-11-20T17:00:00Z"), 1));
    }

    @Test
    void gaps_of_a_backfilled_universe_of_2000_symbols_read_each_symbol_once_not_the_universe_a_symbol() throws SQLException {
        // a backfill-only hour feed (no checkpoint: each history ends where the feed's does, the case that read the
        // universe's extents for every symbol): half its symbols written as the pipeline does, with the vendor's answer
        // (their stored bitmaps known), half written straight (counted from bars), and one hour deleted from 4 symbols
        FeedSettings hours = hourFeed("market_1hour");
        List<String> universe = java.util.stream.IntStream.range(0, 2000).mapToObj(i -> String.format("S%04d", i)).toList();
        new UniverseStore(db, CLOCK, hours.name()).sync(universe);
        BarStore store = new BarStore(db, CLOCK);
        Instant from = at(FRI);
        Instant to = at(FRI.plusDays(1));
        long straight = 0;
        for (int i = 0; i < universe.size(); i += 100) {
            List<String> page = universe.subList(i, i + 100);
            List<Bar> bars = new ArrayList<>();
            page.forEach(s -> bars.addAll(SyntheticBars.range(VendorEndpoint.ALPACA_STOCKS, s, Timeframe.ONE_HOUR, from, to, 0)));
            if (i < 1000) {
                store.write(hours.name(), WriteMode.INSERT_ONLY, bars, List.of(), VendorAnswer.complete(Duration.ofHours(1), page, from, to));
            } else {
                store.write(hours.name(), bars, List.of());
                straight += bars.size();
            }
        }
        List<String> punched = List.of("S0007", "S0500", "S1200", "S1999");
        new PunchedHoles(punched.stream().map(s -> hole(s, "2026-11-20T16:00:00Z", "2026-11-20T17:00:00Z"))
                .toArray(PunchedHoles.Hole[]::new)).punch(opened.database().url(), hours.name());
        CountingDataSource counting = new CountingDataSource(db.dataSource());
        Coverage counted = new Coverage(db, counting.dataSource(), CLOCK);

        Map<String, List<Gap>> gaps = counted.gaps(hours, universe, from, to);

        Gap lostHour = new Gap("", Instant.parse("2026-11-20T16:00:00Z"), Instant.parse("2026-11-20T17:00:00Z"), 1);
        for (String s : punched) {
            assertThat(gaps.get(s)).as("the deleted hour of %s", s)
                    .anySatisfy(g -> assertThat(new TimeRange(g.from(), g.to())).isEqualTo(new TimeRange(lostHour.from(), lostHour.to())));
        }
        assertThat(universe.subList(0, 1000)).as("answered symbols with nothing deleted have no gap")
                .allSatisfy(s -> assertThat(gaps.containsKey(s) == punched.contains(s)).as(s).isTrue());
        int days = 1;
        assertThat(counting.statements()).as("statements: the feed's history once, a chunk of symbols a statement, and the "
                        + "bar times of the symbols whose stored bars are not known (1,000 written straight, 2 deleted from)")
                .isLessThanOrEqualTo(10 + 1002);
        assertThat(counting.rows()).as("rows: each symbol's extent and answers once, and the bars of the symbols not known once")
                .isLessThanOrEqualTo(universe.size() * (1L + days) + straight + 2 * 24 + 10);
    }

    @Test
    void a_symbols_first_and_last_bar_are_kept_with_each_page_forgotten_by_a_delete_and_found_again_by_the_next_page()
            throws SQLException {
        ingest(STOCKS, VendorEndpoint.ALPACA_STOCKS, List.of("AAA"), at(THU), at(FRI.plusDays(1)), null);
        List<Bar> thursday = SyntheticBars.range(VendorEndpoint.ALPACA_STOCKS, "AAA", Timeframe.ONE_MINUTE, at(THU), at(FRI), 0);
        assertThat(keptExtent("AAA")).containsExactly(thursday.get(0).ts().toString(),
                SyntheticBars.range(VendorEndpoint.ALPACA_STOCKS, "AAA", Timeframe.ONE_MINUTE, at(FRI), at(FRI.plusDays(1)), 0)
                        .stream().reduce((a, b) -> b).orElseThrow().ts().toString());
        assertThat(coverage.ingested(STOCKS, "AAA")).contains(new Ingested("AAA", at(THU), at(FRI.plusDays(1))));

        new PunchedHoles(hole("AAA", "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z")).punch(opened.database().url(), FEED);
        assertThat(keptExtent("AAA")).as("not known after a delete").containsExactly(null, null);
        assertThat(coverage.ingested(STOCKS, "AAA")).as("read from bars").contains(new Ingested("AAA", at(THU), at(FRI)));

        new BarStore(db, CLOCK).write(FEED, thursday.subList(0, 1), List.of());   // a page of bars stored already
        assertThat(keptExtent("AAA")).as("found again from bars")
                .containsExactly(thursday.get(0).ts().toString(), thursday.get(thursday.size() - 1).ts().toString());
        assertThat(coverage.ingested(STOCKS, "AAA")).contains(new Ingested("AAA", at(THU), at(FRI)));
    }

    private List<String> keptExtent(String symbol) throws SQLException {
        try (java.sql.Connection c = db.dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT first_ts, last_ts FROM bar_extents WHERE source = ? AND symbol = ?")) {
            ps.setString(1, FEED);
            ps.setString(2, symbol);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a row of %s", symbol).isTrue();
                return java.util.Arrays.asList(rs.getString(1), rs.getString(2));
            }
        }
    }

    @Test
    void the_overview_of_a_day_is_the_sum_of_its_cells() throws SQLException {
        ingest(STOCKS, VendorEndpoint.ALPACA_STOCKS, SYMBOLS, at(THU), CHECKPOINT, CHECKPOINT);
        new PunchedHoles(hole("AAA", "2026-11-19T15:00:00Z", "2026-11-19T15:10:00Z"),
                hole("AAB", "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z")).punch(opened.database().url(), FEED);
        new BarStore(db, CLOCK).write(FEED, List.of(), List.of(
                new Rejection("AAC", "2026-11-19T15:00:00Z", "{\"t\":\"2026-11-19T15:00:00Z\",\"l\":9,\"h\":1}", QualityRule.PRICE_RANGE, "low > high")));
        new DeadLetterStore(db, CLOCK).record(FEED, new ReplayRequest(FEED, List.of("AAB"),
                Instant.parse("2026-11-19T14:00:00Z"), Instant.parse("2026-11-19T15:00:00Z")), "HTTP 503", 0, CLOCK.instant(), false);

        CoverageOverview overview = coverage.overview(STOCKS, WED, WEEK_END);
        CoverageGrid grid = coverage.grid(STOCKS, WED, WEEK_END);

        assertThat(overview.universe()).isEqualTo(3);
        assertThat(overview.dlqRows()).isEqualTo(1);
        assertThat(overview.days()).extracting(DayOverview::day).containsExactlyElementsOf(grid.days());
        for (DayOverview d : overview.days()) {
            List<Cell> cells = grid.cells().stream().filter(c -> c.day().equals(d.day())).toList();
            assertThat(d.expected()).as("expected on %s", d.day()).isEqualTo(cells.stream().mapToLong(Cell::expected).sum());
            assertThat(d.stored()).isEqualTo(cells.stream().mapToLong(Cell::stored).sum());
            assertThat(d.thin()).isEqualTo(cells.stream().mapToLong(Cell::thin).sum());
            assertThat(d.missing()).isEqualTo(cells.stream().mapToLong(Cell::missing).sum());
            assertThat(d.lost()).isEqualTo(cells.stream().mapToLong(Cell::lost).sum());
            assertThat(d.deadLettered()).isEqualTo(cells.stream().mapToLong(Cell::deadLettered).sum());
            assertThat(d.quarantined()).isEqualTo(cells.stream().mapToLong(Cell::quarantined).sum());
            assertThat(d.extendedHours()).isEqualTo(cells.stream().mapToLong(Cell::extendedHours).sum());
            assertThat(d.symbols()).isEqualTo(cells.stream().filter(c -> c.status() == DayStatus.INGESTED).count());
            assertThat(d.symbolsWithGaps()).isEqualTo(cells.stream().filter(c -> c.missing() > 0).count());
        }
        DayOverview fri = overview.days().get(2);
        assertThat(fri.missing()).as("AAB's Friday lost whole, and the vendor's thin minutes (no answer recorded here)")
                .isGreaterThanOrEqualTo(390);
        assertThat(overview.days().get(3).closed()).isEqualTo("Saturday");
        assertThat(overview.days().get(3).share()).isNull();
        assertThat(overview.days().get(1).quarantined()).isEqualTo(1);
        assertThat(overview.days().get(1).deadLettered()).isEqualTo(30);
    }

    private static FeedSettings hourFeed(String name) {
        return new FeedSettings(name, Provider.ALPACA_STOCKS, "alpaca", "embedded", "iex", List.of("AAA"),
                Plans.plan(Timeframe.ONE_HOUR, Duration.ofDays(1), Duration.ofMinutes(2), 50, 10_000), "P1D", "0 * * * * ?",
                WriteMode.INSERT_ONLY);
    }

    /** The vendor's bars of the feed's timeframe in [from, to), stored; the universe; the checkpoint when not null. */
    private void ingest(FeedSettings feed, VendorEndpoint endpoint, List<String> symbols, Instant from, Instant to, Instant checkpoint) {
        UniverseStore universe = new UniverseStore(db, CLOCK, feed.name());
        if (universe.load().isEmpty()) {
            universe.sync(symbols);
        }
        List<Bar> bars = new ArrayList<>();
        symbols.forEach(s -> bars.addAll(SyntheticBars.range(endpoint, s, feed.plan().timeframe(), from, to, 0)));
        new BarStore(db, CLOCK).write(feed.name(), bars, List.of());
        if (checkpoint != null) {
            new CheckpointStore(db, CLOCK).advance(feed.name(), symbols, checkpoint);
        }
    }

    private static void assertCell(Cell cell, DayStatus status, int expected, int stored) {
        assertThat(cell.status()).as("status of %s", cell).isEqualTo(status);
        assertThat(cell.expected()).as("expected bars of %s", cell).isEqualTo(expected);
        assertThat(cell.stored()).as("stored bars of %s", cell).isEqualTo(stored);
    }

    /** The simulator's bars of the UTC day outside its regular session (November: 14:30-21:00 UTC): its extended hours. */
    private static int extendedServed(String symbol, LocalDate utcDay) {
        TimeRange regular = session(utcDay);
        return (int) SyntheticBars.range(symbol, at(utcDay), at(utcDay.plusDays(1))).stream()
                .filter(b -> b.ts().isBefore(regular.from()) || !b.ts().isBefore(regular.to())).count();
    }

    private static boolean servedAt(String symbol, Instant t) {
        return served(symbol, t, t.plusSeconds(60)) == 1;
    }

    private static int served(String symbol, Instant from, Instant to) {
        return SyntheticBars.range(symbol, from, to).size();
    }

    /** The New York session of a day in November 2026 (EST): 14:30-21:00 UTC. */
    private static TimeRange session(LocalDate day) {
        return new TimeRange(at(day).plus(Duration.ofMinutes(14 * 60 + 30)), at(day).plus(Duration.ofHours(21)));
    }

    private static Instant at(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static LocalDate day(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
