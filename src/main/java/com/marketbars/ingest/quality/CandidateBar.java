package com.marketbars.ingest.quality;

import java.util.function.Supplier;

/**
 * A bar as a vendor mapper read it, before validation: any field may be null (absent) or NaN (not a number).
 * {@code raw} gives the vendor's text for the bar, for quarantine; it is only rendered for a rejected bar.
 */
public record CandidateBar(String symbol, String t, Double open, Double high, Double low, Double close,
                           Double volume, Double tradeCount, Double vwap, Supplier<String> raw) {

    public CandidateBar(String symbol, String t, Double open, Double high, Double low, Double close,
                        Double volume, Double tradeCount, Double vwap, String raw) {
        this(symbol, t, open, high, low, close, volume, tradeCount, vwap, () -> raw);
    }
}
