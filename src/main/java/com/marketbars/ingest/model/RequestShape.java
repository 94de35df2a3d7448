package com.marketbars.ingest.model;

/**
 * How a vendor's bar requests carry symbols and bars: what packing can gain and what a window's fewest requests are.
 */
public enum RequestShape {
    /** Several symbols a request, their bars filling shared pages (Alpaca): a window's floor is its bars over a page. */
    SHARED_PAGES,
    /** One symbol a request (Massive's aggregates): a window's floor is each symbol's bars over a page. */
    ONE_SYMBOL,
    /** Every symbol's bar of one date a request (Massive's grouped daily): a window's floor is its session dates. */
    ONE_DATE
}
