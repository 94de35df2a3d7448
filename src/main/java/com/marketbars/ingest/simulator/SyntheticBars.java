package com.marketbars.ingest.simulator;

import com.marketbars.ingest.pipeline.Bar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulator's ground truth: a pure function of (symbol, minute). The same symbol and minute always give
 * the same valid bar, so a test can compare a database with what the vendor "has" without storing it anywhere.
 * Bars exist only in regular US trading hours (09:30-16:00 America/New_York, Monday to Friday, holidays ignored)
 * and about 1.5% of those minutes are missing, as thinly traded minutes are at a real vendor.
 */
public final class SyntheticBars {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalTime OPEN = LocalTime.of(9, 30);
    private static final LocalTime CLOSE = LocalTime.of(16, 0);
    /** Per mille of trading minutes without a bar. */
    private static final int GAP_PER_MILLE = 15;

    private SyntheticBars() {
    }

    /** True when the vendor has a bar for this symbol at this minute. */
    public static boolean exists(String symbol, long epochMinute) {
        if (!isTradingMinute(epochMinute)) {
            return false;
        }
        return Math.floorMod(mix(symbol.hashCode() * 31L + epochMinute * 0x9E3779B97F4A7C15L), 1000) >= GAP_PER_MILLE;
    }

    /**
     * Which way the vendor corrupts this bar at this malformed-bar rate, or -1 for none: 0 close missing, 1 open
     * "NaN", 2 high below low, 3 negative volume. Decided by (seed, symbol, minute), as a real vendor's bad print
     * is the same bad print each time it is read - so a chaos test knows exactly which bars must be quarantined.
     */
    public static int corruption(String symbol, long epochMinute, long seed, double rate) {
        if (rate <= 0) {
            return -1;
        }
        long h = mix(seed ^ mix(symbol.hashCode() * 31L + epochMinute * 0x9E3779B97F4A7C15L));
        double u = (h >>> 11) * 0x1.0p-53;
        return u < rate ? (int) (mix(h) & 3) : -1;
    }

    public static boolean isTradingMinute(long epochMinute) {
        long[] session = SESSIONS.computeIfAbsent(Math.floorDiv(epochMinute, 1440), SyntheticBars::session);
        return epochMinute >= session[0] && epochMinute < session[1];
    }

    /** Per UTC day, the regular session as [open, close) epoch minutes; empty on weekends. Cached: it never changes. */
    private static final java.util.Map<Long, long[]> SESSIONS = new java.util.concurrent.ConcurrentHashMap<>();

    private static long[] session(long utcDay) {
        // a New York session never crosses a UTC midnight, so the UTC day's session is its New York date's
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(utcDay);
        DayOfWeek d = date.getDayOfWeek();
        if (d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY) {
            return new long[] {0, 0};
        }
        long open = date.atTime(OPEN).atZone(NEW_YORK).toEpochSecond() / 60;
        long close = date.atTime(CLOSE).atZone(NEW_YORK).toEpochSecond() / 60;
        return new long[] {open, close};
    }

    /** The bar at this minute as revision {@code revision} of the history has it (see {@link Revisions}). */
    public static Bar bar(String symbol, long epochMinute, int revision) {
        return Revisions.apply(bar(symbol, epochMinute), epochMinute, revision);
    }

    /** The bar at this minute in the original history; call only where {@link #exists} is true. */
    public static Bar bar(String symbol, long epochMinute) {
        long symbolSeed = mix(symbol.hashCode());
        double base = 10 + Math.floorMod(symbolSeed, 49_000) / 100.0;
        // a slow deterministic drift so prices look like a series rather than noise
        double drift = 1 + 0.05 * Math.sin(epochMinute / (200.0 + Math.floorMod(symbolSeed, 97)));
        SplittableRandom r = new SplittableRandom(mix(symbolSeed ^ (epochMinute * 0xC2B2AE3D27D4EB4FL)));
        double mid = base * drift;
        double open = cents(mid * (1 + (r.nextDouble() - 0.5) * 0.004));
        double close = cents(mid * (1 + (r.nextDouble() - 0.5) * 0.004));
        double high = cents(Math.max(open, close) * (1 + r.nextDouble() * 0.002));
        double low = cents(Math.min(open, close) * (1 - r.nextDouble() * 0.002));
        long volume = 100 + r.nextInt(20_000);
        long trades = 1 + volume / (5 + r.nextInt(20));
        double vwap = Math.round((high + low + close) / 3 * 10_000) / 10_000.0;
        return new Bar(symbol, Instant.ofEpochSecond(epochMinute * 60), open, high, low, close, volume, trades, vwap);
    }

    /** Every bar the vendor has for the symbol in [from, to), in time order, in the original history. */
    public static List<Bar> range(String symbol, Instant from, Instant to) {
        return range(symbol, from, to, 0);
    }

    /** Every bar the vendor has for the symbol in [from, to), in time order, as revision {@code revision} has it. */
    public static List<Bar> range(String symbol, Instant from, Instant to, int revision) {
        List<Bar> out = new ArrayList<>();
        long first = ceilMinute(from);
        long end = ceilMinute(to);
        for (long m = first; m < end; m++) {
            if (exists(symbol, m)) {
                out.add(bar(symbol, m, revision));
            }
        }
        return out;
    }

    static long ceilMinute(Instant t) {
        Instant floor = t.truncatedTo(ChronoUnit.MINUTES);
        long m = floor.getEpochSecond() / 60;
        return floor.equals(t) ? m : m + 1;
    }

    private static double cents(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** SplitMix64 finaliser: a cheap, well-distributed hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
