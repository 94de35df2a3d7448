package com.marketbars.ingest.simulator;

import com.marketbars.ingest.model.Bar;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The fields of one minute bar as primitives, filled in place by {@link SyntheticBars}: a minute bar is made from
 * them, and an hour or day bar folds them ({@link IntervalFold}) without a {@link Bar}, a {@link BigDecimal} and an
 * {@link Instant} a minute - a year of day bars of 11,000 symbols folds about 1.5 billion minutes.
 */
final class MinuteDraw {
    double open;
    double high;
    double low;
    double close;
    /** The volume is {@code unscaledVolume} x 10^-{@code volumeScale}: whole shares have scale 0, coins up to 9. */
    long unscaledVolume;
    int volumeScale;
    boolean hasTrades;
    long trades;
    boolean hasVwap;
    double vwap;

    BigDecimal volume() {
        return BigDecimal.valueOf(unscaledVolume, volumeScale);
    }

    Bar toBar(String symbol, long epochMinute) {
        return new Bar(symbol, Instant.ofEpochSecond(epochMinute * 60), open, high, low, close, volume(),
                hasTrades ? trades : null, hasVwap ? vwap : null);
    }

    /** Takes a bar's fields (a revised minute's, which {@link Revisions} makes from a bar). */
    MinuteDraw set(Bar b) {
        open = b.open();
        high = b.high();
        low = b.low();
        close = b.close();
        // Bar keeps its volume in the shortest form: scale 0 when whole, never negative
        unscaledVolume = b.volume().unscaledValue().longValueExact();
        volumeScale = b.volume().scale();
        hasTrades = b.tradeCount() != null;
        trades = hasTrades ? b.tradeCount() : 0;
        hasVwap = b.vwap() != null;
        vwap = hasVwap ? b.vwap() : 0;
        return this;
    }
}
