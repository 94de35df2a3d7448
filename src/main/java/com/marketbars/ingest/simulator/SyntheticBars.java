package com.marketbars.ingest.simulator;

import com.marketbars.ingest.checkpoint.Timeframe;
import com.marketbars.ingest.pipeline.Bar;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulator's ground truth: a pure function of (endpoint, symbol, minute). The same symbol and minute always give
 * the same valid bar, so a test can compare a database with what the vendor "has" without storing it anywhere.
 * Stock bars exist only in regular US trading hours (09:30-16:00 America/New_York, Monday to Friday, holidays
 * ignored), crypto bars at every minute of every day; about 1.5% of those minutes are missing either way, as thinly
 * traded minutes are at a real vendor. The methods without an endpoint are Alpaca stocks'.
 * <p>
 * <b>Hour and day bars</b> are aggregated from the minute bars of that UTC hour or UTC day, stamped with the start of
 * the interval: open of the first minute bar, close of the last, highest high, lowest low, summed volume and trade
 * count, volume-weighted vwap (4 decimals). An interval without a minute bar has no bar. Real vendors stamp stock day
 * bars at New York midnight; the simulator keeps UTC so that every interval is a whole number of the feed's
 * timeframe from the epoch, the way our windows are.
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
        return exists(VendorEndpoint.ALPACA_STOCKS, symbol, epochMinute);
    }

    /** True when the endpoint has a minute bar for this symbol at this minute. */
    public static boolean exists(VendorEndpoint endpoint, String symbol, long epochMinute) {
        if (!endpoint.alwaysOpen() && !isTradingMinute(epochMinute)) {
            return false;
        }
        return Math.floorMod(mix(key(endpoint, symbol) * 31L + epochMinute * 0x9E3779B97F4A7C15L), 1000) >= GAP_PER_MILLE;
    }

    /** The symbol's series at this endpoint: its hash for the original series, so Alpaca's stock bars never change. */
    private static long key(VendorEndpoint endpoint, String symbol) {
        return endpoint.salt() == 0 ? symbol.hashCode() : mix(symbol.hashCode() ^ endpoint.salt());
    }

    /**
     * Which way the vendor corrupts this bar at this malformed-bar rate, or -1 for none: 0 close missing, 1 open
     * "NaN", 2 high below low, 3 negative volume. Decided by (seed, symbol, minute), as a real vendor's bad print
     * is the same bad print each time it is read - so a chaos test knows exactly which bars must be quarantined.
     */
    public static int corruption(String symbol, long epochMinute, long seed, double rate) {
        return corruption(VendorEndpoint.ALPACA_STOCKS, symbol, Timeframe.ONE_MINUTE, epochMinute, seed, rate);
    }

    /**
     * As {@link #corruption(String, long, long, double)} for the bar of this endpoint and timeframe that starts at
     * {@code epochMinute}; an hour or day bar is corrupted independently of the minute bars it sums.
     */
    public static int corruption(VendorEndpoint endpoint, String symbol, Timeframe timeframe, long epochMinute, long seed, double rate) {
        if (rate <= 0) {
            return -1;
        }
        long salted = seed ^ timeframe.ordinal() * 0xD1B54A32D192ED03L;   // the minute's own seed for 1Min
        long h = mix(salted ^ mix(key(endpoint, symbol) * 31L + epochMinute * 0x9E3779B97F4A7C15L));
        double u = (h >>> 11) * 0x1.0p-53;
        return u < rate ? (int) (mix(h) & 3) : -1;
    }

    public static boolean isTradingMinute(long epochMinute) {
        long day = Math.floorDiv(epochMinute, 1440);
        // a page asks about one day's minutes in a row: the last day's session answers them without a map look-up (a
        // boxed key and a hash per minute were a tenth of the simulator's CPU)
        long[] session = lastSession;
        if (session[0] != day) {
            session = SESSIONS.computeIfAbsent(day, SyntheticBars::session);
            lastSession = session;
        }
        return epochMinute >= session[1] && epochMinute < session[2];
    }

    /** The session of the day asked last (threads may overwrite each other's: each is whole and right). */
    private static volatile long[] lastSession = {Long.MIN_VALUE, 0, 0};

    /**
     * Per UTC day, {day, open, close}: the regular session as [open, close) epoch minutes, empty on weekends. Cached: it
     * never changes.
     */
    private static final java.util.Map<Long, long[]> SESSIONS = new java.util.concurrent.ConcurrentHashMap<>();

    private static long[] session(long utcDay) {
        // a New York session never crosses a UTC midnight, so the UTC day's session is its New York date's
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(utcDay);
        DayOfWeek d = date.getDayOfWeek();
        if (d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY) {
            return new long[] {utcDay, 0, 0};
        }
        long open = date.atTime(OPEN).atZone(NEW_YORK).toEpochSecond() / 60;
        long close = date.atTime(CLOSE).atZone(NEW_YORK).toEpochSecond() / 60;
        return new long[] {utcDay, open, close};
    }

    /** The bar at this minute as revision {@code revision} of the history has it (see {@link Revisions}). */
    public static Bar bar(String symbol, long epochMinute, int revision) {
        return bar(VendorEndpoint.ALPACA_STOCKS, symbol, epochMinute, revision);
    }

    /** The endpoint's minute bar as revision {@code revision} has it; call only where {@link #exists} is true. */
    public static Bar bar(VendorEndpoint endpoint, String symbol, long epochMinute, int revision) {
        return Revisions.apply(minuteBar(key(endpoint, symbol), symbol, epochMinute), epochMinute, revision);
    }

    /** The bar at this minute in the original history; call only where {@link #exists} is true. */
    public static Bar bar(String symbol, long epochMinute) {
        return minuteBar(symbol.hashCode(), symbol, epochMinute);
    }

    /**
     * The endpoint's bar of this timeframe starting at {@code intervalStartMinute} (a whole number of the timeframe
     * from the epoch), as revision {@code revision} has it; null when the interval has no minute bar. Hour and day
     * bars are aggregated as the class comment says.
     */
    public static Bar bar(VendorEndpoint endpoint, String symbol, Timeframe timeframe, long intervalStartMinute, int revision) {
        long minutes = minutes(timeframe);
        if (Math.floorMod(intervalStartMinute, minutes) != 0) {
            throw new IllegalArgumentException(Instant.ofEpochSecond(intervalStartMinute * 60) + " does not start a " + timeframe + " interval");
        }
        if (minutes == 1) {
            return exists(endpoint, symbol, intervalStartMinute) ? bar(endpoint, symbol, intervalStartMinute, revision) : null;
        }
        Bar first = null;
        Bar last = null;
        double high = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        BigDecimal volume = BigDecimal.ZERO;
        Long trades = null;           // of the minutes that have a trade count: absent when none has
        double notional = 0;          // and the VWAP of those that have one, over their volume
        BigDecimal weighted = BigDecimal.ZERO;
        for (long m = intervalStartMinute; m < intervalStartMinute + minutes; m++) {
            if (!exists(endpoint, symbol, m)) {
                continue;
            }
            Bar b = bar(endpoint, symbol, m, revision);
            if (first == null) {
                first = b;
            }
            last = b;
            high = Math.max(high, b.high());
            low = Math.min(low, b.low());
            volume = volume.add(b.volume());
            if (b.tradeCount() != null) {
                trades = (trades == null ? 0 : trades) + b.tradeCount();
            }
            if (b.vwap() != null) {
                notional += b.vwap() * b.volume().doubleValue();
                weighted = weighted.add(b.volume());
            }
        }
        if (first == null) {
            return null;
        }
        Double vwap = weighted.signum() == 0 ? null : Math.round(notional / weighted.doubleValue() * 10_000) / 10_000.0;
        return new Bar(symbol, Instant.ofEpochSecond(intervalStartMinute * 60), first.open(), high, low, last.close(), volume, trades, vwap);
    }

    /** How many minutes one bar of the timeframe spans. */
    public static long minutes(Timeframe timeframe) {
        return timeframe.duration().toMinutes();
    }

    private static Bar minuteBar(long symbolKey, String symbol, long epochMinute) {
        long symbolSeed = mix(symbolKey);
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
        return range(VendorEndpoint.ALPACA_STOCKS, symbol, Timeframe.ONE_MINUTE, from, to, revision);
    }

    /**
     * Every bar of this timeframe the endpoint has for the symbol whose start lies in [from, to), in time order, as
     * revision {@code revision} has it: exactly what the simulator serves for that range.
     */
    public static List<Bar> range(VendorEndpoint endpoint, String symbol, Timeframe timeframe, Instant from, Instant to, int revision) {
        List<Bar> out = new ArrayList<>();
        long step = minutes(timeframe);
        long end = ceilInterval(ceilMinute(to), step);
        for (long m = ceilInterval(ceilMinute(from), step); m < end; m += step) {
            Bar b = bar(endpoint, symbol, timeframe, m, revision);
            if (b != null) {
                out.add(b);
            }
        }
        return out;
    }

    /** The first interval start (in epoch minutes, a multiple of {@code step}) at or after {@code minute}. */
    static long ceilInterval(long minute, long step) {
        return -Math.floorDiv(-minute, step) * step;
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
