package com.marketbars.ingest.simulator;

import com.marketbars.ingest.calendar.NyseCalendar;
import com.marketbars.ingest.calendar.Session;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.model.Bar;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulator's ground truth: a pure function of ({@link Realism}, endpoint, symbol, minute). The same realism,
 * symbol and minute always give the same valid bar, so a test can compare a database with what the vendor "has"
 * without storing it anywhere. The methods without a realism use {@link Realism#DEFAULT}, what a fresh simulator
 * serves; those without an endpoint are Alpaca stocks'.
 * <p>
 * <b>Which minutes have a bar.</b> Stock bars exist in the regular session of the NYSE calendar
 * ({@link NyseCalendar}: 09:30-16:00 New York, 13:00 on an early close, none on a holiday; with
 * {@code nyseCalendar} off, every weekday in full; dates before 2000, which the calendar refuses, are weekdays in
 * full either way), and with {@code extendedHours} also in the pre-market and after-hours, of which about 70% of the
 * minutes are empty. Crypto bars exist at every minute of every day. About 1.5% of those minutes have no bar, as
 * thinly traded minutes at a real vendor, and about 40% for a thin symbol ({@code thinShare}); a thin symbol's bars
 * are a subset of what it would have otherwise, so a knob only ever removes bars.
 * <p>
 * <b>Fields.</b> Stock volumes are whole shares; Alpaca crypto volumes are coins with up to 9 decimals
 * ({@code fractionalCryptoVolumes}). A share of bars ({@code absentFieldsRate}) has no trade count, no VWAP, or neither.
 * <p>
 * <b>Hour and day bars</b> are aggregated from the minute bars of that UTC hour or UTC day, stamped with the start of
 * the interval: open of the first minute bar, close of the last, highest high, lowest low, summed volume (exact),
 * trade count summed over the minutes that have one, and the VWAP of the minutes that have one weighted by their
 * volume (4 decimals), absent when none has. An interval without a minute bar has no bar. The bars here are stamped
 * at the start of the UTC interval, so that every interval is a whole number of the feed's timeframe from the epoch,
 * the way our windows are; Massive's endpoints restamp a day bar as Massive does (the aggregates at the New York
 * midnight of its date, {@link MassiveAggsQuery#dayStampMillis}; the grouped daily at the session's close). An hour or
 * day folds its minutes' fields ({@link MinuteDraw}, {@link IntervalFold}) without making their bars - the fields the
 * minute bars are made of - and a stock's day only the minutes its session may have.
 */
public final class SyntheticBars {

    private static final ZoneId NEW_YORK = NyseCalendar.NEW_YORK;
    private static final LocalTime PRE_MARKET_OPEN = LocalTime.of(4, 0);
    private static final LocalTime OPEN = LocalTime.of(9, 30);
    private static final LocalTime CLOSE = LocalTime.of(16, 0);
    private static final LocalTime AFTER_HOURS_CLOSE = LocalTime.of(20, 0);
    private static final NyseCalendar NYSE = new NyseCalendar();
    /** Per mille of trading minutes without a bar. */
    private static final int GAP_PER_MILLE = 15;
    /** Per mille of a thin symbol's trading minutes without a bar. */
    static final int THIN_GAP_PER_MILLE = 400;
    /** Per mille of the bars a minute would have in the regular session that it keeps in extended hours. */
    static final int EXTENDED_KEPT_PER_MILLE = 300;
    /** Crypto volumes are written with at most this many decimals: nano-coins. */
    static final int CRYPTO_VOLUME_SCALE = 9;
    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L};

    /** What a minute of a stock endpoint is: no session, the regular session, or the pre-market or after-hours. */
    static final int CLOSED = 0;
    static final int REGULAR = 1;
    static final int EXTENDED = 2;

    private SyntheticBars() {
    }

    /** True when the vendor has a bar for this symbol at this minute. */
    public static boolean exists(String symbol, long epochMinute) {
        return exists(VendorEndpoint.ALPACA_STOCKS, symbol, epochMinute);
    }

    /** True when the endpoint has a minute bar for this symbol at this minute. */
    public static boolean exists(VendorEndpoint endpoint, String symbol, long epochMinute) {
        return exists(Realism.DEFAULT, endpoint, symbol, epochMinute);
    }

    /** True when the endpoint, at this realism, has a minute bar for this symbol at this minute. */
    public static boolean exists(Realism realism, VendorEndpoint endpoint, String symbol, long epochMinute) {
        return served(realism, endpoint, symbol, key(endpoint, symbol), epochMinute) != CLOSED;
    }

    /** The kind of the minute ({@link #REGULAR} or {@link #EXTENDED}) when the endpoint has a bar then, else {@link #CLOSED}. */
    private static int served(Realism realism, VendorEndpoint endpoint, String symbol, long symbolKey, long epochMinute) {
        int kind = endpoint.alwaysOpen() ? REGULAR : minuteKind(epochMinute, realism.nyseCalendar());
        if (kind == CLOSED || kind == EXTENDED && !realism.extendedHours()) {
            return CLOSED;
        }
        int missing = realism.thinShare() > 0 && isThin(symbol, realism.thinShare()) ? THIN_GAP_PER_MILLE : GAP_PER_MILLE;
        if (kind == EXTENDED) {
            missing = 1000 - (1000 - missing) * EXTENDED_KEPT_PER_MILLE / 1000;
        }
        // one draw per minute against a threshold: a thin symbol's or an extended minute's bars are a subset of the
        // bars the same minute would have otherwise
        return Math.floorMod(mix(symbolKey * 31L + epochMinute * 0x9E3779B97F4A7C15L), 1000) >= missing ? kind : CLOSED;
    }

    /**
     * True when the symbol is one of the {@code thinShare} of symbols that are thinly traded. Decided by the symbol
     * alone, so a thin ticker is thin at every vendor, and a larger share keeps the thin symbols of a smaller one.
     */
    public static boolean isThin(String symbol, double thinShare) {
        return (mix(symbol.hashCode() * 0x632BE59BD9B4E019L + 0x7417) >>> 11) * 0x1.0p-53 < thinShare;
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

    /** True in the regular session of the default calendar (the NYSE's): the minutes a stock feed is expected to hold. */
    public static boolean isTradingMinute(long epochMinute) {
        return isTradingMinute(Realism.DEFAULT, epochMinute);
    }

    /** True in the regular session of the realism's calendar; extended hours are not trading minutes here. */
    public static boolean isTradingMinute(Realism realism, long epochMinute) {
        return minuteKind(epochMinute, realism.nyseCalendar()) == REGULAR;
    }

    /** True when a stock endpoint at this realism may have a bar at the minute: its session, extended hours included when on. */
    public static boolean isSessionMinute(Realism realism, long epochMinute) {
        int kind = minuteKind(epochMinute, realism.nyseCalendar());
        return kind == REGULAR || kind == EXTENDED && realism.extendedHours();
    }

    /** {@link #CLOSED}, {@link #REGULAR} or {@link #EXTENDED} for a stock endpoint's minute. */
    static int minuteKind(long epochMinute, boolean nyseCalendar) {
        long[] s = utcDay(Math.floorDiv(epochMinute, 1440), nyseCalendar);
        if (epochMinute >= s[3] && epochMinute < s[4]) {
            return REGULAR;
        }
        return epochMinute < s[1] || epochMinute >= s[2] && epochMinute < s[3] || epochMinute >= s[4] && epochMinute < s[5]
                ? EXTENDED : CLOSED;
    }

    /** The UTC day asked last, per calendar (threads may overwrite each other's: each is whole and right). */
    private static volatile long[] lastNyseDay = {Long.MIN_VALUE, 0, 0, 0, 0, 0};
    private static volatile long[] lastWeekdayDay = {Long.MIN_VALUE, 0, 0, 0, 0, 0};

    /**
     * Per UTC day and calendar ({@code day * 2 + 1} for the NYSE's), in epoch minutes: {day, end of the previous New
     * York date's after-hours (the day's start when none reaches into it), pre-market open, open, close, end of the
     * after-hours within the day}; on a day without a session the last four are the day's start. Cached: it never
     * changes.
     */
    private static final Map<Long, long[]> DAYS = new ConcurrentHashMap<>();

    /** The spans of the UTC day in epoch minutes under the calendar, as {@link #DAYS} lays them out. */
    static long[] utcDay(long day, boolean nyseCalendar) {
        // a page asks about one day's minutes in a row: the last day's session answers them without a map look-up (a
        // boxed key and a hash per minute were a tenth of the simulator's CPU)
        long[] s = nyseCalendar ? lastNyseDay : lastWeekdayDay;
        if (s[0] != day) {
            s = DAYS.computeIfAbsent(day * 2 + (nyseCalendar ? 1 : 0), k -> newUtcDay(day, nyseCalendar));
            if (nyseCalendar) {
                lastNyseDay = s;
            } else {
                lastWeekdayDay = s;
            }
        }
        return s;
    }

    private static long[] newUtcDay(long utcDay, boolean nyseCalendar) {
        long dayStart = utcDay * 1440;
        long dayEnd = dayStart + 1440;
        // a New York session's pre-market and regular session lie within the UTC day of its date; its after-hours end
        // after the next UTC midnight (20:00 New York is 00:00 or 01:00 UTC), so the previous date's reach into this day
        LocalDate date = LocalDate.ofEpochDay(utcDay);
        long[] today = newYorkSession(date, nyseCalendar);
        long[] yesterday = newYorkSession(date.minusDays(1), nyseCalendar);
        long spill = yesterday == null ? dayStart : Math.max(dayStart, Math.min(yesterday[3], dayEnd));
        if (today == null) {
            return new long[] {utcDay, spill, dayStart, dayStart, dayStart, dayStart};
        }
        return new long[] {utcDay, spill, today[0], today[1], today[2], Math.min(today[3], dayEnd)};
    }

    /** {pre-market open, open, close, after-hours close} of the New York date in epoch minutes; null without a session. */
    private static long[] newYorkSession(LocalDate date, boolean nyseCalendar) {
        if (nyseCalendar && !date.isBefore(NyseCalendar.FIRST_DATE)) {
            Optional<Session> s = NYSE.session(date);
            return s.map(x -> new long[] {minute(x.preMarketOpen()), minute(x.open()), minute(x.close()),
                    minute(x.afterHoursClose())}).orElse(null);
        }
        DayOfWeek d = date.getDayOfWeek();
        if (d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY) {
            return null;
        }
        return new long[] {minute(date, PRE_MARKET_OPEN), minute(date, OPEN), minute(date, CLOSE), minute(date, AFTER_HOURS_CLOSE)};
    }

    private static long minute(Instant t) {
        return t.getEpochSecond() / 60;
    }

    private static long minute(LocalDate date, LocalTime time) {
        return date.atTime(time).atZone(NEW_YORK).toEpochSecond() / 60;
    }

    /** The bar at this minute as revision {@code revision} of the history has it (see {@link Revisions}). */
    public static Bar bar(String symbol, long epochMinute, int revision) {
        return bar(VendorEndpoint.ALPACA_STOCKS, symbol, epochMinute, revision);
    }

    /** The endpoint's minute bar as revision {@code revision} has it; call only where {@link #exists} is true. */
    public static Bar bar(VendorEndpoint endpoint, String symbol, long epochMinute, int revision) {
        return bar(Realism.DEFAULT, endpoint, symbol, epochMinute, revision);
    }

    /** The endpoint's minute bar at this realism as revision {@code revision} has it; call only where {@link #exists} is true. */
    public static Bar bar(Realism realism, VendorEndpoint endpoint, String symbol, long epochMinute, int revision) {
        boolean extended = !endpoint.alwaysOpen() && minuteKind(epochMinute, realism.nyseCalendar()) == EXTENDED;
        return Revisions.apply(minuteBar(realism, endpoint, key(endpoint, symbol), symbol, epochMinute, extended), epochMinute, revision);
    }

    /** The bar at this minute in the original history; call only where {@link #exists} is true. */
    public static Bar bar(String symbol, long epochMinute) {
        return bar(symbol, epochMinute, 0);
    }

    /**
     * The endpoint's bar of this timeframe starting at {@code intervalStartMinute} (a whole number of the timeframe
     * from the epoch), as revision {@code revision} has it; null when the interval has no minute bar. Hour and day
     * bars are aggregated as the class comment says.
     */
    public static Bar bar(VendorEndpoint endpoint, String symbol, Timeframe timeframe, long intervalStartMinute, int revision) {
        return bar(Realism.DEFAULT, endpoint, symbol, timeframe, intervalStartMinute, revision);
    }

    /** As {@link #bar(VendorEndpoint, String, Timeframe, long, int)} at this realism. */
    public static Bar bar(Realism realism, VendorEndpoint endpoint, String symbol, Timeframe timeframe, long intervalStartMinute,
                          int revision) {
        long minutes = minutes(timeframe);
        if (Math.floorMod(intervalStartMinute, minutes) != 0) {
            throw new IllegalArgumentException(Instant.ofEpochSecond(intervalStartMinute * 60) + " does not start a " + timeframe + " interval");
        }
        long symbolKey = key(endpoint, symbol);
        if (minutes == 1) {
            return minuteBar(realism, endpoint, symbolKey, symbol, intervalStartMinute, revision);
        }
        if (timeframe == Timeframe.ONE_DAY && !endpoint.alwaysOpen()
                && newYorkSession(LocalDate.ofEpochDay(Math.floorDiv(intervalStartMinute, 1440)), realism.nyseCalendar()) == null) {
            // a stock has a day bar for each date with a session, none for a weekend or a holiday - not even of the
            // previous date's after-hours that run past UTC midnight into it
            return null;
        }
        IntervalFold fold = new IntervalFold();
        MinuteDraw draw = new MinuteDraw();
        long symbolSeed = mix(symbolKey);
        if (timeframe == Timeframe.ONE_DAY && !endpoint.alwaysOpen()) {
            // only the minutes that may have a bar: the previous date's after-hours past midnight, then the date's
            // pre-market to after-hours (about 960 of 1,440 minutes; minuteKind says CLOSED for the rest)
            long[] day = utcDay(Math.floorDiv(intervalStartMinute, 1440), realism.nyseCalendar());
            fold(realism, endpoint, symbol, symbolKey, symbolSeed, intervalStartMinute, day[1], revision, draw, fold);
            fold(realism, endpoint, symbol, symbolKey, symbolSeed, day[2], day[5], revision, draw, fold);
        } else {
            fold(realism, endpoint, symbol, symbolKey, symbolSeed, intervalStartMinute, intervalStartMinute + minutes, revision, draw, fold);
        }
        return fold.bar(symbol, Instant.ofEpochSecond(intervalStartMinute * 60));
    }

    /** Folds the endpoint's minute bars of [from, to) into {@code fold}, each as revision {@code revision} has it. */
    private static void fold(Realism realism, VendorEndpoint endpoint, String symbol, long symbolKey, long symbolSeed, long from,
                             long to, int revision, MinuteDraw draw, IntervalFold fold) {
        for (long m = from; m < to; m++) {
            int kind = served(realism, endpoint, symbol, symbolKey, m);
            if (kind == CLOSED) {
                continue;
            }
            draw(realism, endpoint, symbolSeed, m, kind == EXTENDED, draw);
            if (revision > 0 && Revisions.revises(symbol, m, revision)) {
                draw.set(Revisions.apply(draw.toBar(symbol, m), m, revision));
            }
            fold.add(draw);
        }
    }

    /** The minute's bar at this realism and revision, or null when the endpoint has none then: one session look-up. */
    private static Bar minuteBar(Realism realism, VendorEndpoint endpoint, long symbolKey, String symbol, long epochMinute, int revision) {
        int kind = served(realism, endpoint, symbol, symbolKey, epochMinute);
        if (kind == CLOSED) {
            return null;
        }
        return Revisions.apply(minuteBar(realism, endpoint, symbolKey, symbol, epochMinute, kind == EXTENDED), epochMinute, revision);
    }

    /** How many minutes one bar of the timeframe spans. */
    public static long minutes(Timeframe timeframe) {
        return timeframe.duration().toMinutes();
    }

    private static Bar minuteBar(Realism realism, VendorEndpoint endpoint, long symbolKey, String symbol, long epochMinute,
                                 boolean extendedHours) {
        MinuteDraw d = new MinuteDraw();
        draw(realism, endpoint, mix(symbolKey), epochMinute, extendedHours, d);
        return d.toBar(symbol, epochMinute);
    }

    /** The fields of the minute's bar in the original history, into {@code out}: the one definition of a minute bar. */
    private static void draw(Realism realism, VendorEndpoint endpoint, long symbolSeed, long epochMinute, boolean extendedHours,
                             MinuteDraw out) {
        double base = 10 + Math.floorMod(symbolSeed, 49_000) / 100.0;
        // a slow deterministic drift so prices look like a series rather than noise
        double drift = 1 + 0.05 * Math.sin(epochMinute / (200.0 + Math.floorMod(symbolSeed, 97)));
        SplittableRandom r = new SplittableRandom(mix(symbolSeed ^ (epochMinute * 0xC2B2AE3D27D4EB4FL)));
        double mid = base * drift;
        double open = cents(mid * (1 + (r.nextDouble() - 0.5) * 0.004));
        double close = cents(mid * (1 + (r.nextDouble() - 0.5) * 0.004));
        double high = cents(Math.max(open, close) * (1 + r.nextDouble() * 0.002));
        double low = cents(Math.min(open, close) * (1 - r.nextDouble() * 0.002));
        long shares = 100 + r.nextInt(20_000);
        long sharesPerTrade = 5 + r.nextInt(20);
        if (extendedHours) {
            shares = 1 + shares / 10;   // a tenth of a regular minute's volume: the pre-market and after-hours are thin
        }
        long trades = 1 + shares / sharesPerTrade;
        double vwap = Math.round((high + low + close) / 3 * 10_000) / 10_000.0;
        out.open = open;
        out.high = high;
        out.low = low;
        out.close = close;
        out.trades = trades;
        out.vwap = vwap;
        out.hasTrades = true;
        out.hasVwap = true;
        // the draws below come after the original ones, so that the prices and share volumes never move with a knob
        if (endpoint == VendorEndpoint.ALPACA_CRYPTO && realism.fractionalCryptoVolumes()) {
            coins(r, out);
        } else {
            out.unscaledVolume = shares;
            out.volumeScale = 0;
        }
        double absent = realism.absentFieldsRate();
        if (absent > 0 && r.nextDouble() < absent) {
            int which = r.nextInt(3);   // 0: no trade count, 1: no VWAP, 2: neither
            out.hasTrades = which == 1;
            out.hasVwap = which == 0;
        }
    }

    /**
     * A crypto volume in coins: 1 to 6 significant digits, from 10^-9 to just under 100 coins, at most
     * {@link #CRYPTO_VOLUME_SCALE} decimals ({@code 0.0345}, {@code 12.5}, {@code 0.000012345}, sometimes whole),
     * made as a long of nano-coins in its shortest form so the bar keeps it as it is.
     */
    private static void coins(SplittableRandom r, MinuteDraw out) {
        int digits = 1 + r.nextInt(6);
        long mantissa = POW10[digits - 1] + r.nextLong(POW10[digits] - POW10[digits - 1]);
        long units = mantissa * POW10[r.nextInt(12 - digits)];   // below 10^11 nano-coins: under 100 coins
        int scale = CRYPTO_VOLUME_SCALE;
        while (scale > 0 && units % 10 == 0) {
            units /= 10;
            scale--;
        }
        out.unscaledVolume = units;
        out.volumeScale = scale;
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
        return range(Realism.DEFAULT, endpoint, symbol, timeframe, from, to, revision);
    }

    /** As {@link #range(VendorEndpoint, String, Timeframe, Instant, Instant, int)} at this realism. */
    public static List<Bar> range(Realism realism, VendorEndpoint endpoint, String symbol, Timeframe timeframe, Instant from,
                                  Instant to, int revision) {
        List<Bar> out = new ArrayList<>();
        long step = minutes(timeframe);
        long end = ceilInterval(ceilMinute(to), step);
        for (long m = ceilInterval(ceilMinute(from), step); m < end; m += step) {
            Bar b = bar(realism, endpoint, symbol, timeframe, m, revision);
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
