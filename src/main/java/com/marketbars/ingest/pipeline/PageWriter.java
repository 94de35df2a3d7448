package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.store.BarStore;
import com.marketbars.ingest.store.WriteResult;

/**
 * Writes one page as soon as it arrives (pages are never held together), in its job's write mode, and adds its
 * counts to the window.
 */
public final class PageWriter {
    private final BarStore store;
    private final String source;

    public PageWriter(BarStore store, String source) {
        this.store = store;
        this.source = source;
    }

    public WriteResult write(BarPage page, SymbolBatch batch) {
        WriteResult r = store.write(source, batch.window().job().writeMode(), page.bars(), page.rejected());
        batch.barsReceived().addAndGet(page.bars().size() + page.rejected().size());
        batch.window().recordWrite(r.inserted(), r.revised(), r.duplicates(), r.rejected());
        return r;
    }
}
