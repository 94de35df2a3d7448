package com.marketbars.ingest.model;

/**
 * What one idempotent page write did: rows that were new, rows already there with other values that were
 * replaced (upsert mode only), rows already there that were left alone, and bars quarantined.
 * <p>
 * {@code duplicates} are bars whose (symbol, ts) was already stored and that were not written: identical ones in
 * upsert mode, every one in insert-only mode (which never compares values).
 */
public record WriteResult(long inserted, long revised, long duplicates, long rejected) {
    public static final WriteResult NONE = new WriteResult(0, 0, 0, 0);
}
