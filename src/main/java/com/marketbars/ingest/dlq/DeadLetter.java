package com.marketbars.ingest.dlq;

import java.time.Instant;

/**
 * One row of {@code ingest_dlq}: a request that failed, why, how often it was retried and when it is due again.
 *
 * @param parkedAt when the retry worker gave up on it (null while it is still retried)
 */
public record DeadLetter(long id, String feed, ReplayRequest request, String reason, int retryCount,
                         Instant nextRetryAt, Instant createdAt, Instant parkedAt) {

    public boolean parked() {
        return parkedAt != null;
    }
}
