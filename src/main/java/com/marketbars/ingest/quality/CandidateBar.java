package com.marketbars.ingest.quality;

/**
 * A bar as a vendor mapper read it, before validation: any field may be null (absent) or NaN (not a number).
 * {@code raw} is the vendor's text for the bar, kept for quarantine.
 */
public record CandidateBar(String symbol, String t, Double open, Double high, Double low, Double close,
                           Double volume, Double tradeCount, Double vwap, String raw) {
}
