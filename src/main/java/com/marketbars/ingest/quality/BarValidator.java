package com.marketbars.ingest.quality;

import com.marketbars.ingest.model.QualityRule;
import com.marketbars.ingest.model.CandidateBar;
import com.marketbars.ingest.model.Rejection;
import com.marketbars.ingest.model.Timestamps;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.model.Bar;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The quality gate: turns candidates of one response into bars that may be written and rejections that may
 * not. A bar's {@code t} is the start of its interval, so it must fall on the grid of the feed's timeframe: a whole
 * minute for 1Min bars ({@link QualityRule#NOT_ON_MINUTE}), a whole hour for 1Hour and 1Day bars
 * ({@link QualityRule#NOT_ON_BAR}). Day bars are held to the hour, not to UTC midnight: real vendors stamp stock day
 * bars at New York midnight (04:00 or 05:00 UTC), and the window check still keeps each in its UTC day.
 * Not thread-safe: make one per response (it remembers which (symbol, t) it has seen).
 */
public final class BarValidator {
    /** 2^53: the largest trade count below which every whole number has an exact double, hence an exact long. */
    private static final double MAX_EXACT_COUNT = 9_007_199_254_740_992.0;
    private final Set<String> requested;
    private final Instant windowStart;
    private final Instant windowEnd;
    private final Timeframe timeframe;
    private final long gridMillis;
    private final long windowStartMillis;
    /**
     * The bars seen so far, per symbol: bit k is the k-th bar interval of the window. A set of "symbol|t" strings
     * built a string and an entry per bar (0.15 s of CPU per million bars in the backfill's profile); a window's bars
     * lie on its grid, so an interval's index names the bar.
     */
    private final Map<String, BitSet> seen = new HashMap<>();

    public BarValidator(Set<String> requested, Instant windowStart, Instant windowEnd, Timeframe timeframe) {
        this.requested = requested;
        this.windowStart = windowStart;
        this.windowStartMillis = windowStart.toEpochMilli();
        this.windowEnd = windowEnd;
        this.timeframe = timeframe;
        this.gridMillis = timeframe == Timeframe.ONE_DAY ? Timeframe.ONE_HOUR.duration().toMillis() : timeframe.duration().toMillis();
    }

    /** Of 1-minute bars. */
    public BarValidator(Set<String> requested, Instant windowStart, Instant windowEnd) {
        this(requested, windowStart, windowEnd, Timeframe.ONE_MINUTE);
    }

    /** The gate of one answer to this batch: its symbols, its window, and its feed's timeframe. */
    public static BarValidator of(SymbolBatch batch) {
        return new BarValidator(batch.symbolSet(), batch.start(), batch.end(), batch.window().job().plan().timeframe());
    }

    /** Adds the bar to {@code accepted} or a rejection to {@code rejected}. */
    public void check(CandidateBar c, List<Bar> accepted, List<Rejection> rejected) {
        if (!requested.contains(c.symbol())) {
            rejected.add(reject(c, QualityRule.UNREQUESTED_SYMBOL, c.symbol()));
            return;
        }
        if (c.t() == null || c.open() == null || c.high() == null || c.low() == null || c.close() == null || c.volume() == null) {
            rejected.add(reject(c, QualityRule.MISSING_FIELD, null));
            return;
        }
        Instant ts;
        try {
            ts = Timestamps.parse(c.t());
        } catch (DateTimeParseException e) {
            rejected.add(reject(c, QualityRule.BAD_TIMESTAMP, c.t()));
            return;
        }
        if (ts.getEpochSecond() % 60 != 0 || ts.getNano() != 0) {
            rejected.add(reject(c, QualityRule.NOT_ON_MINUTE, ts.toString()));
            return;
        }
        if (Math.floorMod(ts.toEpochMilli(), gridMillis) != 0) {
            rejected.add(reject(c, QualityRule.NOT_ON_BAR, ts + " is not on a whole hour, where " + timeframe + " bars start"));
            return;
        }
        if (ts.isBefore(windowStart) || !ts.isBefore(windowEnd)) {
            rejected.add(reject(c, QualityRule.OUTSIDE_WINDOW, ts + " not in [" + windowStart + ", " + windowEnd + ")"));
            return;
        }
        BigDecimal volume = exact(c.volume());
        // n and vw are optional ("when provided"): absent they stay null; present they must be what they claim
        if (volume == null || !finite(c.open(), c.high(), c.low(), c.close())
                || !optionalFinite(c.tradeCount()) || !optionalFinite(c.vwap())
                || (c.tradeCount() != null && c.tradeCount() != Math.rint(c.tradeCount()))) {
            rejected.add(reject(c, QualityRule.NOT_A_NUMBER, null));
            return;
        }
        if (c.tradeCount() != null && Math.abs(c.tradeCount()) > MAX_EXACT_COUNT) {
            // read as a double, such a count is no longer exact, and beyond 2^63 it would be stored as Long.MAX_VALUE
            rejected.add(reject(c, QualityRule.NOT_A_NUMBER, "n=" + c.tradeCount() + " beyond 2^53, where counts stop being exact"));
            return;
        }
        if (c.low() > Math.min(c.open(), c.close()) || c.high() < Math.max(c.open(), c.close()) || c.low() > c.high()) {
            rejected.add(reject(c, QualityRule.PRICE_RANGE, "o=" + c.open() + " h=" + c.high() + " l=" + c.low() + " c=" + c.close()));
            return;
        }
        if (volume.signum() < 0 || (c.tradeCount() != null && c.tradeCount() < 0)) {
            rejected.add(reject(c, QualityRule.NEGATIVE_VOLUME, "v=" + volume.toPlainString() + (c.tradeCount() == null ? "" : " n=" + c.tradeCount())));
            return;
        }
        if (!firstSight(c.symbol(), ts)) {
            rejected.add(reject(c, QualityRule.DUPLICATE_IN_RESPONSE, ts.toString()));
            return;
        }
        accepted.add(new Bar(c.symbol(), ts, c.open(), c.high(), c.low(), c.close(),
                volume, c.tradeCount() == null ? null : (long) (double) c.tradeCount(), c.vwap()));
    }

    /** True the first time this (symbol, t) is seen; t is on the grid and inside the window (checked before). */
    private boolean firstSight(String symbol, Instant ts) {
        long interval = (ts.toEpochMilli() - windowStartMillis) / gridMillis;
        if (interval > Integer.MAX_VALUE) {
            // a window of more than 2^31 intervals (4,000 years of minutes) is never planned
            throw new IllegalStateException("window [" + windowStart + ", " + windowEnd + ") has more than 2^31 " + timeframe + " intervals");
        }
        BitSet symbolSeen = seen.get(symbol);
        if (symbolSeen == null) {
            symbolSeen = new BitSet();
            seen.put(symbol, symbolSeen);
        } else if (symbolSeen.get((int) interval)) {
            return false;
        }
        symbolSeen.set((int) interval);
        return true;
    }

    private static boolean finite(double open, double high, double low, double close) {
        // not varargs: the quick compiler would allocate the array for every bar
        return Double.isFinite(open) && Double.isFinite(high) && Double.isFinite(low) && Double.isFinite(close);
    }

    private static boolean optionalFinite(Double value) {
        return value == null || Double.isFinite(value);
    }

    /** The volume as an exact decimal; null when it is not a finite number (the mapper's NaN, an infinity). */
    private static BigDecimal exact(Number volume) {
        if (volume instanceof BigDecimal d) {
            return d;
        }
        double v = volume.doubleValue();
        return Double.isFinite(v) ? BigDecimal.valueOf(v) : null;
    }

    private static Rejection reject(CandidateBar c, QualityRule rule, String detail) {
        return new Rejection(c.symbol(), c.t(), c.raw().get(), rule, detail);
    }
}
