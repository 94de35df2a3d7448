package com.marketbars.ingest.simulator;

import com.marketbars.ingest.model.Bar;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Folds the minute bars of an hour or a day, in time order, into the interval's bar: the first minute's open, the
 * last one's close, the highest high, the lowest low, the exact sum of the volumes, the trade counts of the minutes
 * that have one, and the VWAP of the minutes that have one weighted by their volume (4 decimals).
 * <p>
 * The volumes are summed as a {@link BigDecimal} sum would be (an unscaled long at the largest scale so far) and
 * turned into doubles as {@link BigDecimal#doubleValue()} does (correctly rounded), so that the bar equals the one
 * folded from {@link Bar}s bit for bit - a spec compares them.
 */
final class IntervalFold {
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
            1e13, 1e14, 1e15, 1e16, 1e17, 1e18};
    /** Below this a long is a double exactly, so its quotient by an exact power of ten is correctly rounded. */
    private static final long EXACT_DOUBLE = 1L << 53;

    private boolean any;
    private double open;
    private double close;
    private double high = Double.NEGATIVE_INFINITY;
    private double low = Double.POSITIVE_INFINITY;
    private long volume;
    private int volumeScale;
    private boolean hasTrades;
    private long trades;
    private double notional;
    private long weighted;
    private int weightedScale;

    void add(MinuteDraw m) {
        if (!any) {
            open = m.open;
            any = true;
        }
        close = m.close;
        high = Math.max(high, m.high);
        low = Math.min(low, m.low);
        int scale = Math.max(volumeScale, m.volumeScale);
        volume = Math.addExact(rescale(volume, volumeScale, scale), rescale(m.unscaledVolume, m.volumeScale, scale));
        volumeScale = scale;
        if (m.hasTrades) {
            trades += m.trades;
            hasTrades = true;
        }
        if (m.hasVwap) {
            notional += m.vwap * toDouble(m.unscaledVolume, m.volumeScale);
            int ws = Math.max(weightedScale, m.volumeScale);
            weighted = Math.addExact(rescale(weighted, weightedScale, ws), rescale(m.unscaledVolume, m.volumeScale, ws));
            weightedScale = ws;
        }
    }

    /** The interval's bar stamped at {@code ts}, or null when no minute was folded. */
    Bar bar(String symbol, Instant ts) {
        if (!any) {
            return null;
        }
        Double vwap = weighted == 0 ? null : Math.round(notional / toDouble(weighted, weightedScale) * 10_000) / 10_000.0;
        return new Bar(symbol, ts, open, high, low, close, BigDecimal.valueOf(volume, volumeScale), hasTrades ? trades : null, vwap);
    }

    private static long rescale(long unscaled, int from, int to) {
        return from == to ? unscaled : Math.multiplyExact(unscaled, (long) POW10[to - from]);
    }

    /** As {@code BigDecimal.valueOf(unscaled, scale).doubleValue()}: the correctly rounded double. */
    private static double toDouble(long unscaled, int scale) {
        if (scale == 0) {
            return unscaled;
        }
        if (Math.abs(unscaled) < EXACT_DOUBLE && scale < POW10.length) {
            return unscaled / POW10[scale];
        }
        return BigDecimal.valueOf(unscaled, scale).doubleValue();
    }
}
