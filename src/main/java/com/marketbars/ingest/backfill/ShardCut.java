package com.marketbars.ingest.backfill;

import com.marketbars.ingest.model.FeedPlan;
import com.marketbars.ingest.model.RequestShape;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a backfill into shards. Their time bounds fall on the planner's window grid (epoch-aligned), so the shards
 * together ask for exactly the windows the whole backfill would. Their symbols are packed into batches per window by
 * the calendar's expected bars (see {@link com.marketbars.ingest.checkpoint.BatchPacking}), which vary from window to
 * window, so no shard size is whole batches in every window: sharding adds at most one partly filled batch - one
 * request - per shard and window.
 */
public final class ShardCut {
    private ShardCut() {
    }

    /**
     * @param maxSymbols a shard's most symbols (a feed whose request is a date's whole market is cut in time only)
     * @param maxPeriod  a shard's most time, rounded down to whole windows (at least one window)
     */
    public static List<Shard> cut(long jobId, FeedPlan plan, List<String> symbols, Instant from, Instant to,
                                  int maxSymbols, Duration maxPeriod) {
        // a grouped-daily request is a date's whole market, whatever the symbols: shards of it would ask each date again
        int perShard = plan.shape() == RequestShape.ONE_DATE ? Math.max(1, symbols.size()) : Math.max(1, maxSymbols);
        long window = plan.window().toMillis();
        long step = Math.max(1, maxPeriod.toMillis() / window) * window;
        List<Instant> bounds = new ArrayList<>();
        bounds.add(from);
        long next = Math.floorDiv(from.toEpochMilli(), window) * window + step;   // the grid, not from + step
        while (next < to.toEpochMilli()) {
            bounds.add(Instant.ofEpochMilli(next));
            next += step;
        }
        bounds.add(to);
        List<Shard> out = new ArrayList<>();
        for (int t = 0; t + 1 < bounds.size(); t++) {
            for (int s = 0; s < symbols.size(); s += perShard) {
                out.add(new Shard(jobId, out.size() + 1, List.copyOf(symbols.subList(s, Math.min(symbols.size(), s + perShard))),
                        bounds.get(t), bounds.get(t + 1)));
            }
        }
        return out;
    }
}
