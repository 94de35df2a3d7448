package com.marketbars.ingest.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One validated OHLCV bar, vendor-neutral. {@code ts} is the start of the bar's interval, UTC.
 * <p>
 * {@code volume} is a quantity, not a count: shares for stocks (whole in practice), coins for crypto pairs (fractional:
 * {@code 0.0345}). It is a {@link BigDecimal} so that it is kept exactly as the vendor sent it, a whole volume beyond
 * 2^53 and a fraction of any number of decimals alike; a double would round both (docs/design.md#volumes). It is
 * held in its shortest form ({@link #volume(BigDecimal)}): a whole volume with scale 0, a fraction without trailing
 * zeros, so that two bars of the same quantity are equal whatever text the vendor used ({@code 12}, {@code 12.0}).
 * <p>
 * {@code tradeCount} and {@code vwap} are null when the vendor did not send them: both are optional in the vendors'
 * own types ("when provided"), and a 0 would be a made-up value that looks real.
 */
public record Bar(String symbol, Instant ts, double open, double high, double low, double close,
                  BigDecimal volume, Long tradeCount, Double vwap) {

    public Bar {
        volume = volume(volume);
    }

    /** A bar of a whole volume with every field present (the simulators' and the benchmarks' bars). */
    public Bar(String symbol, Instant ts, double open, double high, double low, double close,
               long volume, long tradeCount, double vwap) {
        this(symbol, ts, open, high, low, close, BigDecimal.valueOf(volume), tradeCount, vwap);
    }

    /** The quantity in its shortest exact form: scale 0 when whole, else no trailing zeros; null stays null. */
    public static BigDecimal volume(BigDecimal v) {
        if (v == null || v.scale() == 0) {
            return v;   // the common case, a whole volume as read from an integer: nothing to do
        }
        if (v.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal shortest = v.stripTrailingZeros();
        return shortest.scale() < 0 ? shortest.setScale(0) : shortest;
    }
}
