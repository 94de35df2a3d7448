package com.marketbars.ingest.quota;

import com.marketbars.ingest.model.Quota;
import java.time.Duration;
import java.time.Instant;

/**
 * The shared record of an account's requests: every process that sends with the account's key takes a slot here
 * before it sends and answers it after, so one quota holds across all of them (daemon, standby, backfill,
 * {@code run --once}, {@code dlq retry}). Implemented on the database (store.JdbcQuotaLedger).
 */
public interface QuotaLedger {
    /** Makes the account known; its slots are kept at least {@code keep} (the longest any process needs). */
    void register(String account, Duration keep);

    /**
     * Atomically: if every limit of {@code quota} (as the vendor may have lowered it) has a free slot and the
     * account is not paused, records a request sent now by {@code holder} and returns its slot; otherwise records
     * nothing and says how long to wait.
     */
    Take tryTake(String account, Quota quota, Duration maxAnswer, String holder);

    /** The request of {@code slot} was answered now with {@code status} (0: no answer, e.g. a timeout). */
    void answered(long slot, int status);

    /** No process sends for the account before {@code until} (a 429's Retry-After, or nothing remaining). */
    void pauseUntil(String account, Instant until, int status);

    /** The vendor's {@code X-RateLimit-Limit}, which every process applies (see {@link Quota#withVendorLimit}). */
    void vendorLimit(String account, int limit);

    /** How the account's quota is used across all processes, now. */
    AccountUsage usage(String account, Quota quota, Duration maxAnswer);

    /** A slot taken ({@code slot > 0}), or how long to wait before asking again. */
    record Take(long slot, long waitMillis) {
        public static Take taken(long slot) {
            return new Take(slot, 0);
        }

        public static Take waitFor(long millis) {
            return new Take(0, Math.max(1, millis));
        }

        public boolean taken() {
            return slot > 0;
        }
    }
}
