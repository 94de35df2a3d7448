package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.store.BarStore;
import com.marketbars.ingest.store.WriteResult;

/**
 * Writes one page as soon as it arrives, under its feed, (pages are never held together), in its job's write mode, and tells its
 * batch: first that it arrived (a pagination that loops is refused before anything is written), then what the write
 * did. A page the quality gate refused most of (a rejection storm, see {@link StormGuard}) is not written at all.
 */
public final class PageWriter {
    private final BarStore store;
    private final StormGuard stormGuard;

    public PageWriter(BarStore store, StormGuard stormGuard) {
        this.store = store;
        this.stormGuard = stormGuard;
    }

    public WriteResult write(BarPage page, SymbolBatch batch) {
        batch.pageArrived(page.nextPageToken(), page.vendorTime());
        stormGuard.check(page);
        WriteResult r = store.write(batch.window().job().feed(), batch.window().job().writeMode(), page.bars(), page.rejected());
        batch.pageWritten(page.received(), r);
        return r;
    }
}
