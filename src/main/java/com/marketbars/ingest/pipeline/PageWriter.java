package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.store.BarStore;
import com.marketbars.ingest.store.WriteResult;

/**
 * Writes one page as soon as it arrives (pages are never held together), in its job's write mode, and tells its
 * batch: first that it arrived (a pagination that loops is refused before anything is written), then what the write
 * did.
 */
public final class PageWriter {
    private final BarStore store;
    private final String source;

    public PageWriter(BarStore store, String source) {
        this.store = store;
        this.source = source;
    }

    public WriteResult write(BarPage page, SymbolBatch batch) {
        batch.pageArrived(page.nextPageToken(), page.vendorTime());
        WriteResult r = store.write(source, batch.window().job().writeMode(), page.bars(), page.rejected());
        batch.pageWritten(page.received(), r);
        return r;
    }
}
