package com.marketbars.ingest.store;

/** What one idempotent page write did: rows that were new, rows already there, and bars quarantined. */
public record WriteResult(long inserted, long duplicates, long rejected) {
    public static final WriteResult NONE = new WriteResult(0, 0, 0);
}
