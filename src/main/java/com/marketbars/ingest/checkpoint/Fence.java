package com.marketbars.ingest.checkpoint;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The fencing token work writes under. Every checkpoint advance ({@code checkpoint.advance}) and every new DLQ row
 * ({@code dlq.insert}) of the work carries it, and the database writes nothing unless the lease it names still has
 * it - in the same statement, so no race between a check and a write. Two kinds, one for each lease of the product:
 * <ul>
 *   <li>{@link FeedLease}: a scheduled catch-up's, the epoch of its feed's lease (cluster/Leadership);</li>
 *   <li>{@link ShardLease}: a backfill shard's, the take of the shard's lease (backfill/ShardWorker).</li>
 * </ul>
 * Work without a fence (null) is not fenced: the one-shot commands, DLQ replays. A refused advance is told from one
 * that had nothing to move by cluster/LeaseFence, which ends the work with {@link StaleLeaseException}.
 */
public sealed interface Fence permits Fence.FeedLease, Fence.ShardLease {

    /** Whether the work may plan another window: this process still holds the lease as far as it knows. */
    boolean mayPlan();

    /**
     * Why the work must start nothing more - no request, not even of the windows it has open - and end with
     * {@link StaleLeaseException}; null while it may go on.
     */
    String stopped();

    /** The fence's named parameters of {@code checkpoint.advance} and {@code dlq.insert}. */
    void bindTo(Map<String, Object> parameters);

    /** Binds every fence parameter of the statements: {@code fence}'s, and null for the rest (null: not fenced). */
    static void bind(Fence fence, Map<String, Object> parameters) {
        parameters.put("fence_feed", null);
        parameters.put("fence_epoch", null);
        parameters.put("fence_job", null);
        parameters.put("fence_shard", null);
        parameters.put("fence_owner", null);
        parameters.put("fence_take", null);
        if (fence != null) {
            fence.bindTo(parameters);
        }
    }

    /**
     * A catch-up of {@code feed} started under the feed's lease at {@code epoch}. It stops planning once this instance
     * no longer leads the feed under that epoch, but finishes the windows it has open, so that a hand-over or a
     * shutdown leaves nothing written beyond a checkpoint - their advances are refused if another instance took the
     * feed meanwhile.
     *
     * @param stillLeads whether this instance leads the feed under {@code epoch} now
     */
    record FeedLease(String feed, long epoch, BooleanSupplier stillLeads) implements Fence {
        @Override
        public boolean mayPlan() {
            return stillLeads.getAsBoolean();
        }

        @Override
        public String stopped() {
            return null;
        }

        @Override
        public void bindTo(Map<String, Object> parameters) {
            parameters.put("fence_feed", feed);
            parameters.put("fence_epoch", epoch);
        }

        @Override
        public String toString() {
            return "epoch " + epoch;
        }
    }

    /**
     * Take {@code take} of the lease of shard {@code shard} of backfill job {@code job} by {@code owner} ({@code take}:
     * the shard's {@code attempts} after the claim, one more at every take). A refused renewal is final - the shard
     * was taken by another - so the work stops at once: no new window, no new request.
     *
     * @param lost why this take was lost (its renewal refused), or null while it was not
     */
    record ShardLease(long job, int shard, String owner, int take, Supplier<String> lost) implements Fence {
        @Override
        public boolean mayPlan() {
            return lost.get() == null;
        }

        @Override
        public String stopped() {
            return lost.get();
        }

        @Override
        public void bindTo(Map<String, Object> parameters) {
            parameters.put("fence_job", job);
            parameters.put("fence_shard", shard);
            parameters.put("fence_owner", owner);
            parameters.put("fence_take", take);
        }

        @Override
        public String toString() {
            return "take " + take + " by " + owner;
        }
    }
}
