package com.marketbars.ingest.app;

import com.marketbars.ingest.errors.FailureClassifier;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.pipeline.BatchOutcomes;
import com.marketbars.ingest.pipeline.CatchUp;
import com.marketbars.ingest.pipeline.FetchAhead;
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

    static CatchUp wire(Wiring w, StoreWiring.Stores stores, Feeds all) {
        int concurrency = w.settings.concurrency();
        CatchUp catchUp = new CatchUp(w.context, stores.outage());
        w.bind("CatchUp", catchUp);
        // a catch-up plans ahead until its feed is paused or stopped, or Camel stops, or its fence says this process no
        // longer holds its lease (checkpoint/Fence); the windows open then are finished - but for a shard another
        // process took, which starts nothing more
        w.bind("FetchAhead", new FetchAhead(stores.planner(), w.settings.fetchAhead(), concurrency,
                job -> all.isRunning(job.feed()) && w.running()));
        // how each batch ended, recorded on its window: the fetch-ahead split's aggregation and the dead-letter channel's steps
        w.bind("BatchOutcomes", new BatchOutcomes());
        // Camel's streaming split runs its iterator, which waits for a free batch slot, on a thread of the split's own
        // pool: one such thread for each split that can run at once (every feed's catch-up, a backfill shard, a DLQ
        // pass) beside the batches in flight. Requests in flight stay capped by ingest.concurrency (fetch-batch's throttle)
        int splits = w.settings.feeds().size() + 2;
        w.bind("fetchAheadExecutor", w.context.getExecutorServiceManager()
                .newFixedThreadPool(w, "ingest-fetch-ahead", concurrency + splits));
        w.bind("PageWriter", new PageWriter(stores.bars(), new StormGuard(w.settings.quality())));
        w.bind("FailureClassifier", new FailureClassifier());
        return catchUp;
    }
}
