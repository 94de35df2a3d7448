package com.marketbars.ingest.model;

import java.util.function.Supplier;

/**
 * A bar as a vendor mapper read it, before validation: any field may be null (absent) or NaN (not a number).
 * {@code volume} is a {@link Number} because a quantity is read exactly: a {@link java.math.BigDecimal} of the
 * vendor's text where the mapper has it, else a {@link Double} (NaN when the field is not a number).
 * {@code raw} gives the vendor's text for the bar, for quarantine; it is only rendered for a rejected bar.
 */
public record CandidateBar(String symbol, String t, Double open, Double high, Double low, Double close,
                           Number volume, Double tradeCount, Double vwap, Supplier<String> raw) {

    public CandidateBar(String symbol, String t, Double open, Double high, Double low, Double close,
                        Number volume, Double tradeCount, Double vwap, String raw) {
        this(symbol, t, open, high, low, close, volume, tradeCount, vwap, () -> raw);
    }
}
