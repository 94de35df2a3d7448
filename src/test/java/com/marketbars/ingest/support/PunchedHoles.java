package com.marketbars.ingest.support;

import com.marketbars.ingest.coverage.Gap;
import com.marketbars.ingest.simulator.SyntheticBars;
import com.marketbars.ingest.simulator.VendorEndpoint;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Holes a test punches into a complete database of minute bars (rows deleted), and the gaps a feed must then show,
 * worked out minute by minute from the simulator's ground truth: each minute of the calendar in which the vendor has no
 * bar (a thin minute) or whose bar was punched out, consecutive minutes merged into one range.
 */
public final class PunchedHoles {
    /** The bars of a symbol in [from, to), deleted. */
    public record Hole(String symbol, Instant from, Instant to) {
        boolean covers(String s, Instant t) {
            return symbol.equals(s) && !t.isBefore(from) && t.isBefore(to);
        }
    }

    private final List<Hole> holes;

    public PunchedHoles(Hole... holes) {
        this.holes = List.of(holes);
    }

    public static Hole hole(String symbol, String from, String to) {
        return new Hole(symbol, Instant.parse(from), Instant.parse(to));
    }

    /** Deletes the feed's bars in the holes. */
    public PunchedHoles punch(String jdbcUrl, String feed) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement ps = c.prepareStatement("DELETE FROM bars WHERE source = ? AND symbol = ? AND ts >= ? AND ts < ?")) {
            for (Hole h : holes) {
                ps.setString(1, feed);
                ps.setString(2, h.symbol());
                BarRows.bindInstant(ps, 3, h.from());
                BarRows.bindInstant(ps, 4, h.to());
                ps.executeUpdate();
            }
        }
        return this;
    }

    /** The gaps of the symbol's minute bars at the endpoint in [from, to), every minute of its calendar expected. */
    public List<Gap> expected(VendorEndpoint endpoint, String symbol, Instant from, Instant to) {
        return ranges(symbol, from, to, (m, t) -> (endpoint.alwaysOpen() || SyntheticBars.isTradingMinute(m))
                && (!SyntheticBars.exists(endpoint, symbol, m) || holes.stream().anyMatch(h -> h.covers(symbol, t))));
    }

    /**
     * The gaps of a feed that recorded what the vendor answered (store/BarAnswers): only the punched bars the vendor
     * has, each run of them between thin minutes one range - the vendor's thin minutes are answered, not missing.
     */
    public List<Gap> lost(String symbol, Instant from, Instant to) {
        return ranges(symbol, from, to, (m, t) -> SyntheticBars.isTradingMinute(m)
                && SyntheticBars.exists(VendorEndpoint.ALPACA_STOCKS, symbol, m) && holes.stream().anyMatch(h -> h.covers(symbol, t)));
    }

    /** The minutes of [from, to) that are missing, consecutive ones merged into one gap. */
    private static List<Gap> ranges(String symbol, Instant from, Instant to, java.util.function.BiPredicate<Long, Instant> missing) {
        List<Gap> out = new ArrayList<>();
        for (long m = from.getEpochSecond() / 60; m < to.getEpochSecond() / 60; m++) {
            Instant t = Instant.ofEpochSecond(m * 60);
            if (!missing.test(m, t)) {
                continue;
            }
            Gap last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.to().equals(t)) {
                out.set(out.size() - 1, new Gap(symbol, last.from(), t.plusSeconds(60), last.bars() + 1));
            } else {
                out.add(new Gap(symbol, t, t.plusSeconds(60), 1));
            }
        }
        return out;
    }

    /** The stock symbol's gaps in [from, to) (Alpaca's calendar and thin minutes). */
    public List<Gap> expected(String symbol, Instant from, Instant to) {
        return expected(VendorEndpoint.ALPACA_STOCKS, symbol, from, to);
    }
}
