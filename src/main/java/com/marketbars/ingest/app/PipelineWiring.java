package com.marketbars.ingest.app;

import com.marketbars.ingest.cluster.Leadership;
import com.marketbars.ingest.errors.FailureClassifier;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.pipeline.BatchOutcomes;
import com.marketbars.ingest.pipeline.CatchUp;
import com.marketbars.ingest.pipeline.FetchAhead;
import com.marketbars.ingest.pipeline.FetchAheadOutcomes;
import com.marketbars.ingest.pipeline.PageWriter;
import com.marketbars.ingest.pipeline.StormGuard;
import com.marketbars.ingest.pipeline.WindowCompletion;

/** The path of a window's batches: planning ahead, the batch and fetch-ahead pools, the page writer, completion. */
final class PipelineWiring {
    private PipelineWiring() {
    }

    /** Made before the feeds, which listen to it; a completed window also tells the outage watch the database is back. */
    static WindowCompletion completion(Wiring w, StoreWiring.Stores stores) {
        WindowCompletion completion = new WindowCompletion(stores.checkpoints(), stores.planner(), w.clock);
        completion.addListener((window, floor, remaining) -> stores.outage().available());
        w.bind("WindowCompletion", completion);
        return completion;
    }

    static CatchUp wire(Wiring w, StoreWiring.Stores stores, Feeds all, Leadership leadership) {
        int concurrency = w.settings.concurrency();
        CatchUp catchUp = new CatchUp(w.context, stores.outage());
        w.bind("CatchUp", catchUp);
        w.bind("BatchOutcomes", new BatchOutcomes());
        w.bind("batchExecutor", w.context.getExecutorServiceManager().newFixedThreadPool(w, "ingest-batch", concurrency));
        // a catch-up plans ahead until its feed is paused or stopped, or Camel stops; the windows open then are finished
        w.bind("FetchAhead", new FetchAhead(stores.planner(), w.settings.fetchAhead(), concurrency,
                job -> all.isRunning(job.feed()) && w.running(), leadership::epoch));
        w.bind("FetchAheadOutcomes", new FetchAheadOutcomes());
        // one thread more than batches in flight: Camel's streaming split runs its iterator, which waits for a free batch
        // slot, on a thread of the split's own pool
        w.bind("fetchAheadExecutor", w.context.getExecutorServiceManager()
                .newFixedThreadPool(w, "ingest-fetch-ahead", concurrency + 1));
        w.bind("PageWriter", new PageWriter(stores.bars(), new StormGuard(w.settings.quality())));
        w.bind("FailureClassifier", new FailureClassifier());
        return catchUp;
    }
}
