package com.marketbars.ingest.backfill;

import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.checkpoint.IngestJob;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The cursor of a backfill interrupted under the release before backfill jobs ({@code FEED@backfill:FROM/TO}, with
 * {@code #upsert} for an upsert one): carried into the shards of the job for the same range when that backfill is run
 * again, so that it resumes where it stopped instead of fetching again - at the price of requests - what it had stored.
 * <p>
 * Each symbol's cursor says its bars before it are stored; in a shard of [from, to) that holds for min(cursor, to), so
 * the shard's cursor of the symbol moves there (never back: {@link CheckpointStore#advance}), and a shard whose symbols
 * all reach its end has nothing left to fetch. Then the old cursor is deleted. Run again after a crash in between, the
 * carry-over repeats to the same effect.
 */
public final class EarlierBackfillCursor {
    private EarlierBackfillCursor() {
    }

    /**
     * @param earlierKey the cursor key the earlier release used for this backfill ({@link IngestJob#cursorKey()} of
     *                   the whole range as one job)
     * @param shards      the job's shards to carry into, read only when there is an earlier cursor (almost never)
     * @return how many symbols' cursors were carried (0 when there was no earlier backfill of this range)
     */
    public static int carryInto(CheckpointStore checkpoints, String earlierKey, String feed, Supplier<List<Shard>> shards) {
        Map<String, Instant> earlier = checkpoints.load(earlierKey);
        if (earlier.isEmpty()) {
            return 0;
        }
        for (Shard shard : shards.get()) {
            // one statement per distinct position: the symbols of a batch share their cursor
            Map<Instant, List<String>> byPosition = new TreeMap<>();
            for (String symbol : shard.symbols()) {
                Instant cursor = earlier.get(symbol);
                if (cursor != null && cursor.isAfter(shard.from())) {
                    Instant reached = cursor.isBefore(shard.to()) ? cursor : shard.to();
                    byPosition.computeIfAbsent(reached, k -> new ArrayList<>()).add(symbol);
                }
            }
            String shardKey = IngestJob.shardKeyPrefix(feed, shard.jobId()) + shard.number();
            byPosition.forEach((reached, symbols) -> checkpoints.advance(shardKey, symbols, reached));
        }
        checkpoints.delete(earlierKey);
        return earlier.size();
    }
}
