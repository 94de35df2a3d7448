package com.marketbars.ingest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.coverage.Coverage;
import com.marketbars.ingest.coverage.CoverageOverview;
import com.marketbars.ingest.coverage.Gap;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.simulator.SyntheticBars;
import com.marketbars.ingest.store.BarStore;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.UniverseStore;
import com.marketbars.ingest.store.VendorAnswer;
import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.support.Plans;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Issue 31: the read side at the scale of the whole market. Loads a feed of SYMBOLS symbols x DAYS days of minute bars
 * (the simulator's regular-session bars, thin minutes included) as a backfill writes them - batches of 50 symbols a
 * day, pages of 10,000 bars, the vendor's answer recorded with each page, no checkpoint - deletes one hour of 10
 * symbols out of band, then times each read of coverage: the overview of the feed's days (and its JSON's size), a
 * day's worst symbols, a symbol's drill-down, a page of the grid, and the gaps of the whole universe (what
 * {@code gaps} computes). Each read runs ROUNDS times after a first one; the median is printed.
 * <p>
 * Usage: MarketReadBenchmark JDBC-URL SYMBOLS FROM-DATE DAYS [ROUNDS] [load|read]. The database is left in place (the
 * script times {@code status} and {@code gaps} on it through the jar, then drops it). {@code read} skips the load.
 */
public final class MarketReadBenchmark {
    private static final String FEED = "alpaca_bars_1min";
    private static final int BATCH = 50;
    private static final int PAGE = 10_000;
    /** BENCH_WITHOUT_ANSWERS=1: pages written without the vendor's answer (as before V11): what recording it costs. */
    private static final boolean WITHOUT_ANSWERS = "1".equals(System.getenv("BENCH_WITHOUT_ANSWERS"));

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int symbols = Integer.parseInt(args[1]);
        LocalDate from = LocalDate.parse(args[2]);
        int days = Integer.parseInt(args[3]);
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        boolean load = args.length <= 5 || !"read".equals(args[5]);
        List<String> universe = new ArrayList<>();
        for (int i = 0; i < symbols; i++) {
            universe.add(BenchBars.symbol(i));
        }
        FeedSettings feed = Plans.feed(FEED);
        try (Database db = Database.open(url, 4)) {
            if (load) {
                new UniverseStore(db, Clock.systemUTC(), FEED).sync(universe);
                load(db, universe, from, days);
                System.out.printf("deleted out of band: %d bars (10 symbols, one hour of the first day)%n", deleteHours(db, universe, from));
            }
            Coverage coverage = new Coverage(db, Clock.systemUTC());
            LocalDate to = from.plusDays(days);
            ObjectMapper json = new ObjectMapper().findAndRegisterModules();
            CoverageOverview overview = time("overview of the feed's days", rounds, () -> coverage.overview(feed, from, to));
            System.out.printf("  its JSON: %,d bytes; %s%n", json.writeValueAsBytes(overview).length, overview.days().get(0));
            var worst = time("worst symbols of a day (a page of 100)", rounds, () -> coverage.worst(feed, from, 0, 100));
            System.out.printf("  its JSON: %,d bytes; %d of %d cells%n", json.writeValueAsBytes(worst).length, worst.cells().size(), worst.total());
            String holed = universe.get(universe.size() / 2);
            var symbol = time("a symbol's drill-down (its days and gaps)", rounds, () -> coverage.symbol(feed, holed, from, to));
            System.out.printf("  its JSON: %,d bytes; %d gap(s)%n", json.writeValueAsBytes(symbol).length, symbol.gaps().size());
            var grid = time("a page of the grid (100 symbols)", rounds, () -> coverage.grid(feed, from, to, "", 0, 100));
            System.out.printf("  its JSON: %,d bytes%n", json.writeValueAsBytes(grid).length);
            Map<String, List<Gap>> gaps = time("gaps of the whole universe (the gaps command's reads)", rounds,
                    () -> coverage.gaps(feed, universe, from.atStartOfDay(ZoneOffset.UTC).toInstant(), to.atStartOfDay(ZoneOffset.UTC).toInstant()));
            System.out.printf("  %d symbol(s) with gaps, %d range(s)%n", gaps.size(), gaps.values().stream().mapToInt(List::size).sum());
        }
    }

    private static void load(Database db, List<String> universe, LocalDate from, int days) {
        BarStore store = new BarStore(db, Clock.systemUTC());
        long bars = 0;
        long started = System.nanoTime();
        for (int d = 0; d < days; d++) {
            Instant day = from.plusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant open = day.plus(Duration.ofMinutes(14 * 60 + 30));
            Instant close = day.plus(Duration.ofHours(21));   // November: New York on EST
            for (int first = 0; first < universe.size(); first += BATCH) {
                List<String> batch = universe.subList(first, Math.min(universe.size(), first + BATCH));
                List<Bar> answer = new ArrayList<>();
                batch.forEach(s -> answer.addAll(SyntheticBars.range(s, open, close)));
                for (int p = 0; p < answer.size(); p += PAGE) {
                    boolean last = p + PAGE >= answer.size();
                    store.write(FEED, WriteMode.INSERT_ONLY, answer.subList(p, Math.min(answer.size(), p + PAGE)), List.of(), WITHOUT_ANSWERS ? null
                            : last ? VendorAnswer.complete(Duration.ofMinutes(1), batch, open, close) : VendorAnswer.partial(Duration.ofMinutes(1)));
                }
                bars += answer.size();
            }
        }
        double s = (System.nanoTime() - started) / 1e9;
        System.out.printf("load: %,d symbols x %d day(s) = %,d bars in %.1f s (%,.0f bars/s)%n", universe.size(), days, bars, s, bars / s);
    }

    private static int deleteHours(Database db, List<String> universe, LocalDate from) throws Exception {
        Instant hour = from.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(16));
        int n = 0;
        try (Connection c = db.writer().getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM bars WHERE source = ? AND symbol = ? AND ts >= ? AND ts < ?")) {
            for (int i = 0; i < 10; i++) {
                ps.setString(1, FEED);
                ps.setString(2, universe.get(universe.size() / 2 + i));
                ps.setString(3, hour.toString());
                ps.setString(4, hour.plus(Duration.ofHours(1)).toString());
                n += ps.executeUpdate();
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        return n;
    }

    private static <T> T time(String what, int rounds, Supplier<T> read) {
        long t0 = System.nanoTime();
        T out = read.get();
        long first = (System.nanoTime() - t0) / 1_000_000;
        List<Long> ms = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long t = System.nanoTime();
            read.get();
            ms.add((System.nanoTime() - t) / 1_000_000);
        }
        ms.sort(null);
        System.out.printf("%-55s first %,6d ms, median of %d %,6d ms (min %,d, max %,d)%n", what, first, rounds,
                ms.get(ms.size() / 2), ms.get(0), ms.get(ms.size() - 1));
        return out;
    }
}
