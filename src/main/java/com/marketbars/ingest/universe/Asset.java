package com.marketbars.ingest.universe;

/**
 * One entry of a vendor's asset list, as much of it as a universe needs.
 *
 * @param symbol   as the vendor spells it (not yet checked against the feed's symbol syntax)
 * @param exchange the vendor's name of its exchange (Alpaca: NASDAQ, NYSE, ARCA...; Massive: a MIC such as XNAS), or ""
 * @param active   false once the vendor marks it delisted
 * @param tradable Alpaca's flag; true where the vendor has none (Massive)
 */
public record Asset(String symbol, String exchange, boolean active, boolean tradable) {
}
