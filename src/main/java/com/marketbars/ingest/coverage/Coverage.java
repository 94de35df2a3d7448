package com.marketbars.ingest.coverage;

import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.checkpoint.WindowPlanner;
import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.coverage.CoverageQueries.Answered;
import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.DayBits;
import com.marketbars.ingest.store.UniverseStore;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
 * <b>At the scale of the whole market</b> (11,000 symbols) no read is made per symbol over the universe: the feed's
 * history is read once a call, the cells of a chunk of {@value #CHUNK} symbols in two statements ({@link DayCells}),
 * and the gaps from the same rows - a symbol's bars are read only for the days whose stored bitmap is not known
 * (docs/coverage.md, "What is read"). The overview of a feed's days, a day's worst symbols and a symbol's drill-down
 * are built on them.
 * <p>
 * Bound in the Camel registry as {@code Coverage}. Reads only.
 */
public final class Coverage {
    /** Symbols read together: a statement's JSON list, and the rows held in memory at once. */
    static final int CHUNK = 1_000;

    private final Database db;
    private final Clock clock;
    private final CoverageQueries queries;

    public Coverage(Database db, Clock clock) {
        this(db, db.dataSource(), clock);
    }

    /** @param reads where coverage's own statements run (a spec counts them) */
    Coverage(Database db, DataSource reads, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.queries = new CoverageQueries(db, reads);
    }

    /** Symbols x UTC days [from, to) of the feed: one Cell per (symbol, day) of the feed's universe (its table). */
    public CoverageGrid grid(FeedSettings feed, LocalDate from, LocalDate to) {
        return grid(feed, from, to, "", 0, Integer.MAX_VALUE);
    }

    /**
     * A page of the grid: the symbols of the universe that contain {@code search} (any case; all when blank), from
     * {@code offset}, at most {@code limit} of them.
     */
    public CoverageGrid grid(FeedSettings feed, LocalDate from, LocalDate to, String search, int offset, int limit) {
        List<LocalDate> days = days(from, to);
        List<String> matching = search(universe(feed), search);
        List<String> symbols = matching.subList(Math.min(offset, matching.size()), (int) Math.min(matching.size(), (long) offset + limit));
        FeedHistory history = history(feed, symbols);
        List<Cell> cells = new ArrayList<>();
        Map<String, Map<LocalDate, Integer>> quarantined = queries.quarantinedByDay(feed.name(), from, to);
        forEachChunk(symbols, chunk -> {
            DayCells read = DayCells.read(queries, feed.name(), history, chunk, days, quarantined);
            for (String s : chunk) {
                days.forEach(d -> cells.add(read.cell(s, d)));
            }
        });
        return new CoverageGrid(feed.name(), history.calendar().describe(), days, symbols, cells, offset, matching.size());
    }

    /** The feed's UTC days [from, to), each summed over its whole universe. */
    public CoverageOverview overview(FeedSettings feed, LocalDate from, LocalDate to) {
        List<LocalDate> days = days(from, to);
        List<String> symbols = universe(feed);
        FeedHistory history = history(feed, symbols);
        Map<LocalDate, DayOverview.Sum> sums = new java.util.LinkedHashMap<>();
        days.forEach(d -> sums.put(d, new DayOverview.Sum(d, history.calendar().closedReason(d).orElse(null))));
        Map<String, Map<LocalDate, Integer>> quarantined = queries.quarantinedByDay(feed.name(), from, to);
        forEachChunk(symbols, chunk -> {
            DayCells read = DayCells.read(queries, feed.name(), history, chunk, days, quarantined);
            for (String s : chunk) {
                days.forEach(d -> sums.get(d).add(read.cell(s, d)));
            }
        });
        return new CoverageOverview(feed.name(), history.calendar().describe(), symbols.size(), history.deadLetterRows(),
                sums.values().stream().map(DayOverview.Sum::result).toList());
    }

    /** A day's cells with anything to look at, worst first (see {@link CellPage}), from {@code offset}. */
    public CellPage worst(FeedSettings feed, LocalDate day, int offset, int limit) {
        List<LocalDate> days = List.of(day);
        List<String> symbols = universe(feed);
        FeedHistory history = history(feed, symbols);
        Map<String, Map<LocalDate, Integer>> quarantined = queries.quarantinedByDay(feed.name(), day, day.plusDays(1));
        List<Cell> bad = new ArrayList<>();
        forEachChunk(symbols, chunk -> {
            DayCells read = DayCells.read(queries, feed.name(), history, chunk, days, quarantined);
            for (String s : chunk) {
                Cell c = read.cell(s, day);
                if (c.missing() > 0 || c.quarantined() > 0 || c.deadLettered() > 0) {
                    bad.add(c);
                }
            }
        });
        bad.sort(Comparator.comparingInt(Cell::missing).reversed()
                .thenComparing(Comparator.comparingInt((Cell c) -> c.quarantined() + c.deadLettered()).reversed())
                .thenComparing(Cell::symbol));
        List<Cell> page = bad.subList(Math.min(offset, bad.size()), (int) Math.min(bad.size(), (long) offset + limit));
        return new CellPage(feed.name(), day, offset, bad.size(), page);
    }

    /** One symbol over the days [from, to): its cells and its gaps (the overview's drill-down). */
    public SymbolCoverage symbol(FeedSettings feed, String symbol, LocalDate from, LocalDate to) {
        List<LocalDate> days = days(from, to);
        FeedHistory history = history(feed, List.of(symbol));
        DayCells read = DayCells.read(queries, feed.name(), history, List.of(symbol), days,
                queries.quarantinedByDay(feed.name(), from, to));
        List<Cell> cells = days.stream().map(d -> read.cell(symbol, d)).toList();
        List<Gap> gaps = gaps(feed, history, List.of(symbol), at(from), at(to)).getOrDefault(symbol, List.of());
        return new SymbolCoverage(feed.name(), symbol, history.span(symbol).map(s -> new Ingested(symbol, s.from(), s.to())).orElse(null),
                days, cells, gaps);
    }

    /** The symbols of the feed's universe that contain {@code text} (any case), those that start with it first. */
    public List<String> search(FeedSettings feed, String text, int limit) {
        return search(universe(feed), text).stream().limit(limit).toList();
    }

    /** The missing bar ranges of one symbol in [from, to), oldest first. */
    public List<Gap> gaps(FeedSettings feed, String symbol, Instant from, Instant to) {
        return gaps(feed, List.of(symbol), from, to).getOrDefault(symbol, List.of());
    }

    /**
     * The missing bar ranges in [from, to) of each of these symbols that has any, oldest first, in the order given:
     * the feed's history read once, then a chunk of symbols at a time.
     */
    public Map<String, List<Gap>> gaps(FeedSettings feed, List<String> symbols, Instant from, Instant to) {
        return gaps(feed, history(feed, symbols), symbols, from, to);
    }

    private Map<String, List<Gap>> gaps(FeedSettings feed, FeedHistory history, List<String> symbols, Instant from, Instant to) {
        SessionCalendar calendar = history.calendar();
        TimeRange asked = new TimeRange(calendar.ceil(from), calendar.ceil(to));
        Map<String, List<Gap>> out = new LinkedHashMap<>();
        if (asked.isEmpty()) {
            return out;
        }
        List<LocalDate> days = days(DayBits.day(asked.from()), DayBits.day(asked.to().minusMillis(1)).plusDays(1));
        forEachChunk(symbols, chunk -> {
            Map<String, Map<LocalDate, Answered>> answered = queries.answered(feed.name(), chunk, days.get(0),
                    days.get(days.size() - 1).plusDays(1));
            for (String s : chunk) {
                TimeRange period = history.span(s).map(asked::intersect).filter(p -> !p.isEmpty()).orElse(null);
                if (period == null) {
                    continue;
                }
                List<Gap> gaps = gaps(feed, history, s, period, days, answered);
                if (!gaps.isEmpty()) {
                    out.put(s, gaps);
                }
            }
        });
        return out;
    }

    /**
     * One symbol's gaps over its period: the stored bitmap of each day where known, else its bar times of those days
     * (one statement for them all), with the thin minutes taken as present.
     */
    private List<Gap> gaps(FeedSettings feed, FeedHistory history, String symbol, TimeRange period, List<LocalDate> days,
                           Map<String, Map<LocalDate, Answered>> answered) {
        SessionCalendar calendar = history.calendar();
        Map<LocalDate, TimeRange> expected = new java.util.TreeMap<>();
        for (LocalDate d : days) {
            TimeRange e = history.expected(symbol, d).intersect(period);
            if (!e.isEmpty()) {
                expected.put(d, e);
            }
        }
        Map<LocalDate, BitSet> read = new HashMap<>();
        List<TimeRange> unknown = expected.entrySet().stream()
                .filter(e -> !DayCells.answer(answered, symbol, e.getKey()).storedKnown()).map(Map.Entry::getValue).toList();
        if (!unknown.isEmpty()) {
            TimeRange over = new TimeRange(unknown.get(0).from(), unknown.get(unknown.size() - 1).to());
            queries.barTimes(feed.name(), symbol, over, ts -> read.computeIfAbsent(DayBits.day(ts), d -> new BitSet())
                    .set(DayBits.index(ts, calendar.barLength())));
        }
        GapFinder finder = new GapFinder(symbol, calendar);
        expected.forEach((d, range) -> {
            Answered a = DayCells.answer(answered, symbol, d);
            BitSet present = (BitSet) (a.storedKnown() ? a.stored() : read.getOrDefault(d, new BitSet())).clone();
            present.or(DayCells.thin(a, calendar, range));
            finder.day(d, range, present);
        });
        return finder.finish();
    }

    /** The span of time the feed has ingested the symbol over, if it ever reached it. */
    public Optional<Ingested> ingested(FeedSettings feed, String symbol) {
        return Optional.ofNullable(ingested(feed, List.of(symbol)).get(symbol));
    }

    /** The spans of these symbols the feed ever reached (the others are absent), from one read of the feed's history. */
    public Map<String, Ingested> ingested(FeedSettings feed, List<String> symbols) {
        FeedHistory history = history(feed, symbols);
        Map<String, Ingested> out = new LinkedHashMap<>();
        symbols.forEach(s -> history.span(s).ifPresent(span -> out.put(s, new Ingested(s, span.from(), span.to()))));
        return out;
    }

    /**
     * The history of these symbols. Only when one has no checkpoint, and so ends where the feed's history does, are the
     * extents of the whole universe read (two seeks a symbol, once a call).
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

    private static void forEachChunk(List<String> symbols, java.util.function.Consumer<List<String>> each) {
        for (int i = 0; i < symbols.size(); i += CHUNK) {
            each.accept(symbols.subList(i, Math.min(symbols.size(), i + CHUNK)));
        }
    }

    /** The symbols containing the text (any case), those starting with it first; all of them for a blank text. */
    private static List<String> search(List<String> universe, String text) {
        if (text == null || text.isBlank()) {
            return universe;
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        List<String> starting = new ArrayList<>();
        List<String> containing = new ArrayList<>();
        for (String s : universe) {
            String u = s.toUpperCase(Locale.ROOT);
            if (u.startsWith(t)) {
                starting.add(s);
            } else if (u.contains(t)) {
                containing.add(s);
            }
        }
        starting.addAll(containing);
        return starting;
    }

    private static List<LocalDate> days(LocalDate from, LocalDate to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("no days in [" + from + ", " + to + ")");
        }
        return from.datesUntil(to).toList();
    }

    private static Instant at(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
