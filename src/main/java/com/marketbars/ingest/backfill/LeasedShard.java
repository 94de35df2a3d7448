package com.marketbars.ingest.backfill;

import com.marketbars.ingest.checkpoint.Fence;

import java.util.function.Supplier;

/**
 * One take of a shard's lease: the shard, who took it, and which take it is - the shard's {@code attempts} after the
 * claim, one more at every take, so a take is told from every other even by the same owner. Renewal and release are
 * of this take alone, and the work's checkpoint advances and DLQ rows carry it as their {@link Fence}.
 */
public record LeasedShard(Shard shard, String owner, int take) {

    /** @param lost why this take was lost (its renewal refused), or null while it was not */
    public Fence fence(Supplier<String> lost) {
        return new Fence.ShardLease(shard.jobId(), shard.number(), owner, take, lost);
    }
}
