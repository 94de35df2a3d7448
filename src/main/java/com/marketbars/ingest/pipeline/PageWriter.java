package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.store.BarStore;
import com.marketbars.ingest.store.VendorAnswer;
import com.marketbars.ingest.model.WriteResult;

import java.time.Duration;

/**
 * Counts a batch's requests as they leave, and writes one page as soon as it arrives, under its feed, (pages are never held together), in its job's write mode, and tells its
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

    /** Route step of the vendors' templates: a request of the batch really left (the circuit let it through). */
    public void requestSent(SymbolBatch batch) {
        batch.requestSent();
    }

    public WriteResult write(BarPage page, SymbolBatch batch) {
        batch.pageArrived(page.nextPageToken(), page.vendorTime());
        stormGuard.check(page);
        WriteResult r = store.write(batch.window().job().feed(), batch.window().job().writeMode(), page.bars(), page.rejected(),
                answer(page, batch));
        batch.pageWritten(page.received(), r);
        return r;
    }

    /**
     * What the page tells of the vendor: its bars were served; and on the request's last page, that every interval of
     * the batch's window was answered for its symbols, so one without a bar is a minute without a trade (thin), not a
     * gap (coverage reads both).
     */
    private static VendorAnswer answer(BarPage page, SymbolBatch batch) {
        Duration bar = batch.window().job().plan().timeframe().duration();
        return page.hasNext() ? VendorAnswer.partial(bar) : VendorAnswer.complete(bar, batch.symbols(), batch.start(), batch.end());
    }
}
