package com.marketbars.ingest.coverage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.DayBits;
import com.marketbars.ingest.store.NamedParameters;
import com.marketbars.ingest.errors.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The statements of coverage ({@code coverage.*} in the dialect files): counts per symbol and day are made in SQL, on
 * the key of {@code bars} (source, symbol, ts); only one symbol's bar times are ever read row by row, streamed.
 * Lists of symbols and of ranges travel as one JSON parameter each, as the checkpoint advance's symbols do.
 */
final class CoverageQueries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final DataSource reads;

    /** @param reads where the statements run: the database's readers ({@link Database#dataSource()}) */
    CoverageQueries(Database db, DataSource reads) {
        this.db = db;
        this.reads = reads;
    }

    /** The start of a symbol's first and last stored bar. */
    record Extent(Instant first, Instant last) {
    }

    /**
     * A symbol's range on a day: its bars whose start lies in it are counted under that day.
     *
     * @param extended whether the range is the day's extended hours (counted apart) rather than its expected bars
     */
    record DayRange(String symbol, LocalDate day, TimeRange range, boolean extended) {
        DayRange(String symbol, LocalDate day, TimeRange range) {
            this(symbol, day, range, false);
        }
    }

    /** The bars counted in ranges, expected and extended hours apart, by symbol and day. */
    record Counts(Map<String, Map<LocalDate, Integer>> expected, Map<String, Map<LocalDate, Integer>> extended) {
        static final Counts NONE = new Counts(Map.of(), Map.of());
    }

    /**
     * The extent of each of these symbols that has a bar in the feed; the others are absent. Read from the extents kept
     * with each page ({@code bar_extents}, one seek a symbol on a small table); a symbol's not known since a delete is
     * read from bars (two seeks).
     */
    Map<String, Extent> extents(String feed, Collection<String> symbols) {
        Map<String, Extent> out = new HashMap<>();
        ArrayNode unknown = JSON.createArrayNode();
        query("coverage.kept-extents", Map.of("source", feed, "symbols", list(symbols)), rs -> {
            if (rs.getString(2) != null) {
                out.put(rs.getString(1), new Extent(Instant.parse(rs.getString(2)), Instant.parse(rs.getString(3))));
            } else if (rs.getBoolean(4)) {
                unknown.add(rs.getString(1));
            }
        });
        if (!unknown.isEmpty()) {
            query("coverage.extent", Map.of("source", feed, "symbols", unknown.toString()), rs -> {
                if (rs.getString(2) != null) {
                    out.put(rs.getString(1), new Extent(Instant.parse(rs.getString(2)), Instant.parse(rs.getString(3))));
                }
            });
        }
        return out;
    }

    private static String list(Collection<String> symbols) {
        ArrayNode list = JSON.createArrayNode();
        symbols.forEach(list::add);
        return list.toString();
    }

    /**
     * The feed's bars in each of these ranges, by symbol and day, expected and extended-hours ranges apart, in one
     * statement (one range scan of the key each); a (symbol, day) without a bar is absent.
     */
    Counts storedByDay(String feed, List<DayRange> ranges) {
        if (ranges.isEmpty()) {
            return Counts.NONE;
        }
        ArrayNode list = JSON.createArrayNode();
        for (DayRange r : ranges) {
            list.addObject().put("symbol", r.symbol()).put("day", r.day().toString()).put("x", r.extended() ? 1 : 0)
                    .put("from", r.range().from().toString()).put("to", r.range().to().toString());
        }
        Counts out = new Counts(new HashMap<>(), new HashMap<>());
        query("coverage.stored-by-day", Map.of("source", feed, "ranges", list.toString()), rs -> {
            if (rs.getInt(4) > 0) {
                (rs.getInt(3) == 1 ? out.extended() : out.expected()).computeIfAbsent(rs.getString(1), s -> new HashMap<>())
                        .merge(LocalDate.parse(rs.getString(2)), rs.getInt(4), Integer::sum);
            }
        });
        return out;
    }

    /**
     * What the vendor answered for a symbol on a day (store/BarAnswers): intervals asked and answered, and served a bar;
     * and the intervals bars holds a bar for, or null when that is not known (V15: count from bars).
     */
    record Answered(BitSet asked, BitSet served, BitSet stored) {
        static final Answered NONE = new Answered(new BitSet(), new BitSet(), null);

        boolean storedKnown() {
            return stored != null;
        }
    }

    /**
     * What the vendor answered, and what bars holds, for these symbols on the days [from, to), by symbol and day; a
     * (symbol, day) without a row is absent. One seek a symbol: callers pass a chunk of the universe at a time.
     */
    Map<String, Map<LocalDate, Answered>> answered(String feed, Collection<String> symbols, LocalDate from, LocalDate to) {
        Map<String, Map<LocalDate, Answered>> out = new HashMap<>();
        ArrayNode list = JSON.createArrayNode();
        symbols.forEach(list::add);
        query("answers.of-symbols", Map.of("source", feed, "symbols", list.toString(), "from", from.toString(), "to", to.toString()),
                rs -> out.computeIfAbsent(rs.getString(1), s -> new HashMap<>()).put(LocalDate.parse(rs.getString(2)), answer(rs)));
        return out;
    }

    private static Answered answer(ResultSet rs) throws SQLException {
        byte[] stored = rs.getBytes(5);
        return new Answered(DayBits.of(rs.getBytes(3)), DayBits.of(rs.getBytes(4)), stored == null ? null : DayBits.of(stored));
    }

    /** The feed's rows of {@code data_quality} on the days [from, to), by symbol and the day of their {@code ts}. */
    Map<String, Map<LocalDate, Integer>> quarantinedByDay(String feed, LocalDate from, LocalDate to) {
        return countsByDay("coverage.quarantined-by-day", Map.of("source", feed, "from", from.toString(), "to", to.toString()));
    }

    /** Hands the start of each of the symbol's stored bars in the range to {@code each}, in time order. */
    void barTimes(String feed, String symbol, TimeRange range, Consumer<Instant> each) {
        query("coverage.bar-times", Map.of("source", feed, "symbol", symbol, "from", range.from().toString(),
                "to", range.to().toString()), rs -> each.accept(Instant.parse(rs.getString(1))));
    }

    private Map<String, Map<LocalDate, Integer>> countsByDay(String key, Map<String, ?> values) {
        Map<String, Map<LocalDate, Integer>> out = new HashMap<>();
        query(key, values, rs -> {
            if (rs.getInt(3) > 0) {
                out.computeIfAbsent(rs.getString(1), s -> new HashMap<>()).merge(LocalDate.parse(rs.getString(2)), rs.getInt(3), Integer::sum);
            }
        });
        return out;
    }

    @FunctionalInterface
    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String key, Map<String, ?> values, Row row) {
        try (Connection c = reads.getConnection();
             PreparedStatement ps = NamedParameters.prepare(c, db.sql(key), values);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                row.read(rs);
            }
        } catch (SQLException e) {
            throw new StoreException("reading the coverage (" + key + ") failed", e, db.location());
        }
    }
}
