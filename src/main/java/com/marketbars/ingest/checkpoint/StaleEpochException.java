package com.marketbars.ingest.checkpoint;

/**
 * A catch-up's checkpoint advance was refused because the feed's lease moved to another epoch since the catch-up
 * started: another instance took the feed (this one was frozen, cut off or too slow to renew). The catch-up stops
 * without moving a checkpoint; the instance stands by (cluster/LeaseFence).
 */
public final class StaleEpochException extends RuntimeException {
    public StaleEpochException(String message) {
        super(message, null, false, false);
    }
}
