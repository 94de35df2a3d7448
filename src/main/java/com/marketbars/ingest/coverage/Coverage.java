package com.marketbars.ingest.coverage;

import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.checkpoint.WindowPlanner;
import com.marketbars.ingest.config.FeedSettings;
import com.marketbars.ingest.coverage.CoverageQueries.DayRange;
import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.DayBits;
import com.marketbars.ingest.store.UniverseStore;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what a feed holds against what its vendor is expected to have: a grid of symbols x UTC days for the console's
 * coverage view, and the missing ranges of a symbol for it and for the {@code gaps} command, which give the same
 * answer.
 * <p>
 * <b>Expected</b> bars come from the session calendar of the feed's provider on its timeframe ({@link SessionCalendar}),
 * within the span the feed has ingested the symbol over ({@link FeedHistory}): a day the feed never reached is not
 * ingested, not missing. The exchange's holidays and early closes come from its calendar (docs/calendar.md), and
 * extended-hours bars are counted apart, never expected. A minute the vendor answered for without a bar (no trade:
 * thin) is not missing: what the vendor answered is recorded with each page (store/BarAnswers), so a bar it served
 * that is no longer stored is a gap still, and a minute not asked yet is one too.
 * <p>
 * Bound in the Camel registry as {@code Coverage}. Reads only.
 */
public final class Coverage {
    private final Database db;
    private final Clock clock;
    private final CoverageQueries queries;

    public Coverage(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.queries = new CoverageQueries(db);
    }

    /** Symbols x UTC days [from, to) of the feed: one Cell per (symbol, day) of the feed's universe (its table). */
    public CoverageGrid grid(FeedSettings feed, LocalDate from, LocalDate to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("no days in [" + from + ", " + to + ")");
        }
        List<String> symbols = universe(feed);
        FeedHistory history = history(feed, symbols);
        List<LocalDate> days = from.datesUntil(to).toList();
        List<DayRange> ranges = new ArrayList<>();
        for (String s : symbols) {
            for (LocalDate d : days) {
                TimeRange expected = history.expected(s, d);
                if (!expected.isEmpty()) {
                    ranges.add(new DayRange(s, d, expected));
                }
            }
        }
        Map<String, Map<LocalDate, Integer>> stored = queries.storedByDay(feed.name(), ranges);
        Map<String, Map<LocalDate, Integer>> extended = queries.storedByDay(feed.name(), extendedHours(history, symbols, days));
        Map<String, Map<LocalDate, Integer>> quarantined = queries.quarantinedByDay(feed.name(), from, to);
        Map<String, Map<LocalDate, CoverageQueries.Answered>> answered = queries.answered(feed.name(), from, to);
        List<Cell> cells = new ArrayList<>();
        for (String s : symbols) {
            for (LocalDate d : days) {
                TimeRange expected = history.expected(s, d);
                int q = count(quarantined, s, d);
                int x = count(extended, s, d);
                if (history.calendar().session(d).isEmpty()) {
                    cells.add(new Cell(s, d, 0, 0, q, 0, List.of(), DayStatus.NO_SESSION, x, 0, 0));
                } else if (expected.isEmpty()) {
                    cells.add(new Cell(s, d, 0, 0, q, 0, List.of(), DayStatus.NOT_INGESTED, x, 0, 0));
                } else {
                    int bars = history.calendar().bars(expected);
                    int held = count(stored, s, d);
                    CoverageQueries.Answered a = answered.getOrDefault(s, Map.of()).getOrDefault(d, CoverageQueries.Answered.NONE);
                    BitSet thin = thin(a, history.calendar(), expected);
                    int served = a.served().get(first(history.calendar(), expected), last(history.calendar(), expected)).cardinality();
                    cells.add(new Cell(s, d, bars, held, q, history.deadLettered(s, expected), List.of(), DayStatus.INGESTED, x,
                            Math.min(thin.cardinality(), bars - held), Math.max(0, served - held)));
                }
            }
        }
        return new CoverageGrid(feed.name(), history.calendar().describe(), days, symbols, cells);
    }

    /** The missing bar ranges of one symbol in [from, to), oldest first. */
    public List<Gap> gaps(FeedSettings feed, String symbol, Instant from, Instant to) {
        FeedHistory history = history(feed, List.of(symbol));
        SessionCalendar calendar = history.calendar();
        TimeRange period = history.span(symbol).map(new TimeRange(calendar.ceil(from), calendar.ceil(to))::intersect)
                .filter(p -> !p.isEmpty()).orElse(null);
        if (period == null) {
            return List.of();
        }
        List<DayRange> days = new ArrayList<>();
        LocalDate last = DayBits.day(period.to().minusMillis(1));
        for (LocalDate d = DayBits.day(period.from()); !d.isAfter(last); d = d.plusDays(1)) {
            TimeRange expected = history.expected(symbol, d).intersect(period);
            if (!expected.isEmpty()) {
                days.add(new DayRange(symbol, d, expected));
            }
        }
        GapFinder finder = new GapFinder(symbol, calendar, days.stream().map(DayRange::range).toList());
        // a thin minute (answered, no bar) is no gap: told to the finder as if stored, in time order with the bars
        Map<LocalDate, CoverageQueries.Answered> answered = days.isEmpty() ? Map.of()
                : queries.answered(feed.name(), symbol, days.get(0).day(), days.get(days.size() - 1).day().plusDays(1));
        java.util.Iterator<Instant> thin = days.stream().flatMap(r -> {
            BitSet bits = thin(answered.getOrDefault(r.day(), CoverageQueries.Answered.NONE), calendar, r.range());
            return bits.stream().mapToObj(i -> DayBits.start(r.day(), i, calendar.barLength()));
        }).iterator();
        Instant[] nextThin = {thin.hasNext() ? thin.next() : null};
        queries.barTimes(feed.name(), symbol, period, ts -> {
            while (nextThin[0] != null && nextThin[0].isBefore(ts)) {
                finder.stored(nextThin[0]);
                nextThin[0] = thin.hasNext() ? thin.next() : null;
            }
            finder.stored(ts);
        });
        for (Instant t = nextThin[0]; t != null; t = thin.hasNext() ? thin.next() : null) {
            finder.stored(t);
        }
        return finder.finish();
    }

    /** The span of time the feed has ingested the symbol over, if it ever reached it. */
    public Optional<Ingested> ingested(FeedSettings feed, String symbol) {
        return history(feed, List.of(symbol)).span(symbol).map(s -> new Ingested(symbol, s.from(), s.to()));
    }

    /** The intervals of the expected range the vendor answered for without serving a bar: its thin minutes. */
    private static BitSet thin(CoverageQueries.Answered a, SessionCalendar calendar, TimeRange expected) {
        BitSet thin = a.asked().get(0, last(calendar, expected));
        thin.andNot(a.served());
        thin.clear(0, first(calendar, expected));
        return thin;
    }

    /** The day's index of the range's first interval. */
    private static int first(SessionCalendar calendar, TimeRange expected) {
        return DayBits.index(expected.from(), calendar.barLength());
    }

    /** The day's index just past the range's last interval (the range lies within one UTC day). */
    private static int last(SessionCalendar calendar, TimeRange expected) {
        return DayBits.index(expected.to().minus(calendar.barLength()), calendar.barLength()) + 1;
    }

    /** The extended-hours ranges of these symbols' days (a stock feed's minute bars outside the regular session). */
    private static List<DayRange> extendedHours(FeedHistory history, List<String> symbols, List<LocalDate> days) {
        List<DayRange> out = new ArrayList<>();
        for (LocalDate d : days) {
            for (TimeRange r : history.calendar().extendedHours(d)) {
                symbols.forEach(s -> out.add(new DayRange(s, d, r)));
            }
        }
        return out;
    }

    /**
     * The history of these symbols. Only when one has no checkpoint, and so ends where the feed's history does, are the
     * extents of the whole universe read (two seeks a symbol).
     */
    private FeedHistory history(FeedSettings feed, List<String> symbols) {
        Map<String, Instant> checkpoints = new CheckpointStore(db, clock).load(feed.name());
        Set<String> all = new LinkedHashSet<>(symbols);
        if (!checkpoints.keySet().containsAll(symbols)) {
            all.addAll(universe(feed));
        }
        return FeedHistory.of(SessionCalendar.of(feed), symbols, queries.extents(feed.name(), all), checkpoints,
                new DeadLetterStore(db, clock).list(feed.name(), false), WindowPlanner.horizonAt(feed.plan(), clock.instant()));
    }

    private List<String> universe(FeedSettings feed) {
        return new UniverseStore(db, clock, feed.name()).load();
    }

    private static int count(Map<String, Map<LocalDate, Integer>> counts, String symbol, LocalDate day) {
        return counts.getOrDefault(symbol, Map.of()).getOrDefault(day, 0);
    }
}
