package com.marketbars.ingest.app;

import com.marketbars.ingest.backfill.BackfillQueue;
import com.marketbars.ingest.backfill.ShardWorker;
import com.marketbars.ingest.cluster.LeaseFence;
import com.marketbars.ingest.coverage.Coverage;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.pipeline.CatchUp;
import com.marketbars.ingest.pipeline.WindowCompletion;
import com.marketbars.ingest.store.Database;

/**
 * Backfill jobs, whose shards every process on the database takes with a lease (route backfill-shards), and the
 * coverage they and {@code gaps --refetch} fill.
 */
final class BackfillWiring {
    /** What the console shows of them. */
    record Backfills(BackfillQueue queue, Coverage coverage) {
    }

    private BackfillWiring() {
    }

    static Backfills wire(Wiring w, Database db, Feeds all, CatchUp catchUp, WindowCompletion completion) {
        BackfillQueue queue = new BackfillQueue(db, w.clock);
        w.bind("BackfillQueue", queue);
        // a shard's work is fenced by its take of the lease; LeaseFence tells who took a shard whose renewal was refused
        LeaseFence fence = w.lookup("LeaseFence", LeaseFence.class);
        ShardWorker shardWorker = w.open(new ShardWorker(queue, all, catchUp, w.clock, w.settings.backfill().lease(), w::running,
                fence::movedOn));
        completion.addListener(shardWorker);
        w.bind("ShardWorker", shardWorker);
        Coverage coverage = new Coverage(db, w.clock);
        w.bind("Coverage", coverage);
        return new Backfills(queue, coverage);
    }
}
