package com.marketbars.ingest.quota;

import com.marketbars.ingest.model.Limit;
import java.time.Instant;
import java.util.List;

/**
 * An account's quota as all processes use it, at {@code at}: per limit, the requests sent within its last period
 * and the slots held; requests in flight; the pause the vendor asked for; 429s in the last hour.
 */
public record AccountUsage(String account, Instant at, List<LimitUsage> limits, long inFlight, Instant pausedUntil,
                           long rateLimitedLastHour, Integer vendorLimit) {

    /** @param limit as in force (the vendor may have lowered the configured one) */
    public record LimitUsage(Limit limit, long sentInWindow, long held) {
        public double utilisation() {
            return (double) sentInWindow / limit.requests();
        }
    }

    public boolean paused() {
        return pausedUntil != null && pausedUntil.isAfter(at);
    }
}
