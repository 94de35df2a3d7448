package com.marketbars.ingest.coverage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.DayBits;
import com.marketbars.ingest.store.NamedParameters;
import com.marketbars.ingest.store.StoreException;

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

    CoverageQueries(Database db) {
        this.db = db;
    }

    /** The start of a symbol's first and last stored bar. */
    record Extent(Instant first, Instant last) {
    }

    /** A symbol's range on a day: its bars whose start lies in it are counted under that day. */
    record DayRange(String symbol, LocalDate day, TimeRange range) {
    }

    /** The extent of each of these symbols that has a bar in the feed; the others are absent. */
    Map<String, Extent> extents(String feed, Collection<String> symbols) {
        Map<String, Extent> out = new HashMap<>();
        ArrayNode list = JSON.createArrayNode();
        symbols.forEach(list::add);
        query("coverage.extent", Map.of("source", feed, "symbols", list.toString()), rs -> {
            if (rs.getString(2) != null) {
                out.put(rs.getString(1), new Extent(Instant.parse(rs.getString(2)), Instant.parse(rs.getString(3))));
            }
        });
        return out;
    }

    /** The feed's bars in each of these ranges, by symbol and day; a (symbol, day) without a bar is absent. */
    Map<String, Map<LocalDate, Integer>> storedByDay(String feed, List<DayRange> ranges) {
        ArrayNode list = JSON.createArrayNode();
        for (DayRange r : ranges) {
            list.addObject().put("symbol", r.symbol()).put("day", r.day().toString())
                    .put("from", r.range().from().toString()).put("to", r.range().to().toString());
        }
        return countsByDay("coverage.stored-by-day", Map.of("source", feed, "ranges", list.toString()));
    }

    /** What the vendor answered for a symbol on a day (store/BarAnswers): intervals asked and answered, and served a bar. */
    record Answered(BitSet asked, BitSet served) {
        static final Answered NONE = new Answered(new BitSet(), new BitSet());
    }

    /** What the vendor answered on the days [from, to), by symbol and day; a (symbol, day) never answered is absent. */
    Map<String, Map<LocalDate, Answered>> answered(String feed, LocalDate from, LocalDate to) {
        return answered("answers.by-day", Map.of("source", feed, "from", from.toString(), "to", to.toString()));
    }

    /** As {@link #answered(String, LocalDate, LocalDate)}, of one symbol. */
    Map<LocalDate, Answered> answered(String feed, String symbol, LocalDate from, LocalDate to) {
        return answered("answers.of-symbol", Map.of("source", feed, "symbol", symbol, "from", from.toString(), "to", to.toString()))
                .getOrDefault(symbol, Map.of());
    }

    private Map<String, Map<LocalDate, Answered>> answered(String key, Map<String, ?> values) {
        Map<String, Map<LocalDate, Answered>> out = new HashMap<>();
        query(key, values, rs -> out.computeIfAbsent(rs.getString(1), s -> new HashMap<>())
                .put(LocalDate.parse(rs.getString(2)), new Answered(DayBits.of(rs.getBytes(3)), DayBits.of(rs.getBytes(4)))));
        return out;
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
        try (Connection c = db.dataSource().getConnection();
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
