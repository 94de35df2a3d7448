package com.marketbars.ingest.support;

import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.simulator.Realism;
import com.marketbars.ingest.simulator.SyntheticBars;
import com.marketbars.ingest.simulator.VendorEndpoint;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Compares the bars table with what the simulator has: zero missing, zero extra, zero duplicates, equal values. */
public final class GroundTruth {
    private GroundTruth() {
    }

    /** Valid, distinct tickers: AAA, AAB, ... */
    public static List<String> symbols(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < n; i++) {
            out.add("" + (char) ('A' + i / 676 % 26) + (char) ('A' + i / 26 % 26) + (char) ('A' + i % 26));
        }
        return out;
    }

    /** Valid, distinct crypto pairs: AAA/USD, AAB/USD, ... */
    public static List<String> cryptoPairs(int n) {
        return symbols(n).stream().map(s -> s + "/USD").toList();
    }

    /**
     * Exactly the bars the simulator serves at this endpoint for each symbol, in time order: those of the timeframe
     * whose start lies in [from, to), as revision {@code revision} has them, before any corruption.
     */
    public static Map<String, List<Bar>> served(VendorEndpoint endpoint, List<String> symbols, Timeframe timeframe,
                                                Instant from, Instant to, int revision) {
        return served(Realism.DEFAULT, endpoint, symbols, timeframe, from, to, revision);
    }

    /**
     * As {@link #served(VendorEndpoint, List, Timeframe, Instant, Instant, int)} for a simulator whose realism knobs a
     * test changed: pass {@code simulator.settings().realism()}.
     */
    public static Map<String, List<Bar>> served(Realism realism, VendorEndpoint endpoint, List<String> symbols, Timeframe timeframe,
                                                Instant from, Instant to, int revision) {
        Map<String, List<Bar>> out = new java.util.TreeMap<>();
        for (String s : symbols) {
            out.put(s, SyntheticBars.range(realism, endpoint, s, timeframe, from, to, revision));
        }
        return out;
    }

    /**
     * The bars of {@link #served} that the simulator sends intact at this fault seed and malformed-bar rate (with
     * {@code intact} false: the ones it corrupts, which the quality gate must quarantine), for each symbol.
     */
    public static Map<String, List<Bar>> served(VendorEndpoint endpoint, List<String> symbols, Timeframe timeframe,
                                                Instant from, Instant to, int revision, long seed, double malformedRate,
                                                boolean intact) {
        Map<String, List<Bar>> out = served(endpoint, symbols, timeframe, from, to, revision);
        out.replaceAll((s, bars) -> bars.stream()
                .filter(b -> (SyntheticBars.corruption(endpoint, s, timeframe, b.ts().getEpochSecond() / 60, seed, malformedRate) < 0) == intact)
                .toList());
        return out;
    }

    public static long expectedCount(List<String> symbols, Instant from, Instant to) {
        long n = 0;
        for (String s : symbols) {
            n += SyntheticBars.range(s, from, to).size();
        }
        return n;
    }

    /** How many bars of these symbols in [from, to) differ between two revisions of the simulator's history. */
    public static long changed(List<String> symbols, Instant from, Instant to, int revisionA, int revisionB) {
        long n = 0;
        for (String s : symbols) {
            List<Bar> a = SyntheticBars.range(s, from, to, revisionA);
            List<Bar> b = SyntheticBars.range(s, from, to, revisionB);
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).equals(b.get(i))) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Asserts the table holds exactly the simulator's original bars of these symbols in [from, to), and nothing else. */
    public static void assertExactly(String jdbcUrl, List<String> symbols, Instant from, Instant to) throws SQLException {
        assertExactly(jdbcUrl, symbols, from, to, 0);
    }

    /** As {@link #assertExactly(String, List, Instant, Instant)}, against a revision of the simulator's history. */
    public static void assertExactly(String jdbcUrl, List<String> symbols, Instant from, Instant to, int revision) throws SQLException {
        Map<String, List<Bar>> expected = new java.util.TreeMap<>();
        for (String s : symbols) {
            expected.put(s, SyntheticBars.range(s, from, to, revision));
        }
        assertExactly(jdbcUrl, expected);
    }

    /** Asserts the table holds exactly these bars of each symbol (in time order), and nothing else. */
    public static void assertExactly(String jdbcUrl, Map<String, List<Bar>> expectedBySymbol) throws SQLException {
        long expectedTotal = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            // one pass over the table in its key's order (feed, symbol, ts), which needs no sort: a read per symbol would
            // scan it once a symbol. A symbol's bars of a second feed come after the first's and fail the size check.
            Map<String, List<Bar>> stored = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT symbol, ts, open, high, low, close, volume, trade_count, vwap FROM bars ORDER BY source, symbol, ts");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Bar b = BarRows.read(rs);
                    stored.computeIfAbsent(b.symbol(), k -> new ArrayList<>()).add(b);
                }
            }
            for (Map.Entry<String, List<Bar>> entry : new java.util.TreeMap<>(expectedBySymbol).entrySet()) {
                String s = entry.getKey();
                List<Bar> expected = entry.getValue();
                expectedTotal += expected.size();
                List<Bar> actual = stored.getOrDefault(s, List.of());
                assertThat(actual).as("bars of %s", s).hasSameSizeAs(expected);
                Iterator<Bar> e = expected.iterator();
                for (Bar a : actual) {
                    Bar x = e.next();
                    if (!a.equals(x)) {   // AssertJ only for the message: an assertion per bar was most of a spec's check
                        assertThat(a).as("bar of %s", s).isEqualTo(x);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT symbol || '|' || ts) FROM bars");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("rows in bars (no extra rows of other symbols or times)").isEqualTo(expectedTotal);
                assertThat(rs.getLong(2)).as("distinct (symbol, ts)").isEqualTo(rs.getLong(1));
            }
        }
    }

    /**
     * Asserts the feed's rows of bars are exactly these bars of each symbol (in time order): none missing, none extra,
     * none of another feed's values.
     */
    public static void assertFeedExactly(String jdbcUrl, String feed, Map<String, List<Bar>> expectedBySymbol) throws SQLException {
        long expectedTotal = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            for (Map.Entry<String, List<Bar>> entry : new java.util.TreeMap<>(expectedBySymbol).entrySet()) {
                expectedTotal += entry.getValue().size();
                List<Bar> actual = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT symbol, ts, open, high, low, close, volume, trade_count, vwap "
                        + "FROM bars WHERE source = ? AND symbol = ? ORDER BY ts")) {
                    ps.setString(1, feed);
                    ps.setString(2, entry.getKey());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            actual.add(BarRows.read(rs));
                        }
                    }
                }
                assertThat(actual).as("bars of %s in feed %s", entry.getKey(), feed).containsExactlyElementsOf(entry.getValue());
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM bars WHERE source = ?")) {
                ps.setString(1, feed);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("rows of feed %s (none of other symbols or times)", feed).isEqualTo(expectedTotal);
                }
            }
        }
    }

    public static long count(String jdbcUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM bars");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
