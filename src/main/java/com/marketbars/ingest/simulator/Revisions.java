package com.marketbars.ingest.simulator;

import com.marketbars.ingest.model.Bar;

import java.math.BigDecimal;
import java.util.SplittableRandom;

/**
 * Revised history, for testing the upsert write mode. At revision {@code n > 0} the vendor has corrected about 2%
 * of its bars, a different subset for each {@code n}, the way a late print corrects a minute: more volume, one more
 * trade, a close moved by up to 0.3%, high and low widened to cover it. Revision 0 is the original history.
 * <p>
 * Like {@link SyntheticBars}, a pure function: a test tells which bars a revision changed by comparing
 * {@code SyntheticBars.bar(s, m, a)} with {@code SyntheticBars.bar(s, m, b)}, without storing either.
 */
final class Revisions {
    /** Per mille of bars a revision corrects. */
    private static final int REVISED_PER_MILLE = 20;

    private Revisions() {
    }

    /** True when revision {@code revision} of the history corrects the symbol's bar at this minute. */
    static boolean revises(String symbol, long epochMinute, int revision) {
        return revision > 0 && Math.floorMod(seed(symbol, epochMinute, revision), 1000) < REVISED_PER_MILLE;
    }

    private static long seed(String symbol, long epochMinute, int revision) {
        return SyntheticBars.mix(symbol.hashCode() * 0x632BE59BD9B4E019L ^ epochMinute * 31 ^ revision * 0x9E3779B97F4A7C15L);
    }

    /** The bar as revision {@code revision} of the history has it; the original when that revision leaves it alone. */
    static Bar apply(Bar original, long epochMinute, int revision) {
        if (!revises(original.symbol(), epochMinute, revision)) {
            return original;
        }
        long seed = seed(original.symbol(), epochMinute, revision);
        SplittableRandom r = new SplittableRandom(seed);
        double move = (0.0005 + r.nextDouble() * 0.0025) * (r.nextBoolean() ? 1 : -1);
        double close = Math.round(original.close() * (1 + move) * 100) / 100.0;
        double high = Math.max(original.high(), close);
        double low = Math.min(original.low(), close);
        BigDecimal volume = original.volume().add(BigDecimal.valueOf(100 + r.nextInt(900)));   // always more: a revised bar always differs
        double vwap = Math.round((high + low + close) / 3 * 10_000) / 10_000.0;
        return new Bar(original.symbol(), original.ts(), original.open(), high, low, close, volume,
                original.tradeCount() == null ? null : original.tradeCount() + 1, original.vwap() == null ? null : vwap);
    }
}
