package com.marketbars.ingest.checkpoint;

/**
 * Work that runs under a {@link Fence} was stopped because the lease it names moved on since the work started:
 * another instance took the feed, or another process took the backfill shard (this one was frozen, cut off or too
 * slow to renew). The database refused the work's checkpoint advance (cluster/LeaseFence), or - a shard - its lease
 * renewal was refused and it stopped before the next window or request. No checkpoint moved; the process stands by.
 */
public final class StaleLeaseException extends RuntimeException {
    public StaleLeaseException(String message) {
        super(message, null, false, false);
    }
}
