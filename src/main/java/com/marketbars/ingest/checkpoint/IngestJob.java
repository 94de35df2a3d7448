package com.marketbars.ingest.checkpoint;

import com.marketbars.ingest.model.FeedPlan;
import com.marketbars.ingest.model.WriteMode;

import java.time.Instant;
import java.util.List;

/**
 * What one catch-up run works through: its feed and how the feed's windows are planned, a cursor key (the feed's
 * name, or a backfill's own key), the symbols, where a symbol without a cursor begins, and an optional fixed end (a
 * backfill's {@code --to}; a scheduled job follows the present).
 *
 * @param oneShot true for a backfill, whose cursor is forgotten once complete so that running it again
 *                re-pulls the range (and adds nothing, the writes being idempotent)
 * @param writeMode what a bar already stored becomes: kept (insert-only) or replaced when revised (upsert). It
 *                travels with the job, so a backfill's {@code --mode} applies to that backfill alone.
 */
public record IngestJob(String feed, FeedPlan plan, String label, String cursorKey, List<String> symbols, Instant from,
                        Instant to, boolean oneShot, WriteMode writeMode) {

    public static IngestJob scheduled(String feed, FeedPlan plan, List<String> universe, Instant start, WriteMode writeMode) {
        return new IngestJob(feed, plan, feed, feed, List.copyOf(universe), start, null, false, writeMode);
    }

    /** The replay of a DLQ row of this feed: its symbols over its window, under the cursor it was recorded for. */
    public static IngestJob replay(String feed, FeedPlan plan, long deadLetterId, String cursorKey, List<String> symbols,
                                   Instant start, Instant end, WriteMode writeMode) {
        return new IngestJob(feed, plan, "DLQ #" + deadLetterId, cursorKey, List.copyOf(symbols), start, end, false, writeMode);
    }

    /**
     * An upsert backfill keeps a cursor of its own: resumed in upsert mode, a range half done in insert-only mode
     * would skip the windows already done, and their revisions with them.
     */
    public static IngestJob backfill(String feed, FeedPlan plan, List<String> symbols, Instant from, Instant to, WriteMode writeMode) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
        }
        String mode = writeMode == WriteMode.UPSERT ? "#" + writeMode.label() : "";
        return new IngestJob(feed, plan, "backfill of " + feed + " " + from + " .. " + to + " (" + writeMode.label() + ")",
                feed + "@backfill:" + from + "/" + to + mode, List.copyOf(symbols), from, to, true, writeMode);
    }

    /**
     * Shard {@code shardNo} of backfill job {@code jobId}: its symbols over its range, under a cursor of its own
     * ({@link #shardKeyPrefix} + number), so whichever process takes the shard over resumes from its checkpoints.
     */
    public static IngestJob shard(String feed, FeedPlan plan, long jobId, int shardNo, List<String> symbols, Instant from,
                                  Instant to, WriteMode writeMode) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a shard's start " + from + " must be before its end " + to);
        }
        return new IngestJob(feed, plan, "shard " + shardNo + " of backfill job " + jobId + " (" + feed + " " + from + " .. " + to
                + ", " + symbols.size() + " symbols, " + writeMode.label() + ")",
                shardKeyPrefix(feed, jobId) + shardNo, List.copyOf(symbols), from, to, true, writeMode);
    }

    /** The start of the cursor key of every shard of a backfill job: its DLQ rows and checkpoints are found by it. */
    public static String shardKeyPrefix(String feed, long jobId) {
        return feed + "@backfill-job:" + jobId + "/shard-";
    }
}
