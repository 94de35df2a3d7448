package com.marketbars.ingest.ratelimit;

import java.util.ArrayDeque;

/**
 * The decision logic of the vendor quota, on a clock the caller passes in (nanoseconds), so it is tested without
 * sleeping. Not thread-safe: {@link VendorRateLimiter} holds the lock.
 * <p>
 * A vendor with a sliding window counts a request at some instant between our send and our receipt of the
 * answer. So a request holds one of {@code limit} slots from its send until {@code period} after its answer
 * arrived: then no window of the vendor's can ever see more than {@code limit} of our requests, whatever the
 * latency and its jitter. (Stamping the send time instead, as a plain token bucket does, is what made the seed
 * script trip a strict vendor in 11 of 12 runs.) The price is that a slot is busy for period + latency: with
 * Alpaca's one-minute window and sub-second latency that is over 98% of the quota.
 */
final class QuotaWindow {
    static final long WAIT_FOR_RELEASE = Long.MAX_VALUE;

    private int limit;
    private final long periodNanos;
    private final int maxInFlight;
    /** When each recently answered request frees its slot, in increasing order (answers arrive in time order). */
    private final ArrayDeque<Long> freesAt = new ArrayDeque<>();
    private int inFlight;
    private long pausedUntil = Long.MIN_VALUE;
    /** Burst allowance: a token bucket of this many, refilled at limit per period; burst >= limit means none. */
    private final int burst;
    private double tokens;
    private long refilledAt = Long.MIN_VALUE;

    QuotaWindow(int limit, long periodNanos, int maxInFlight) {
        this(limit, periodNanos, maxInFlight, limit);
    }

    QuotaWindow(int limit, long periodNanos, int maxInFlight, int burst) {
        if (limit < 1 || periodNanos <= 0 || maxInFlight < 1 || burst < 1) {
            throw new IllegalArgumentException("limit, period, maxInFlight and burst must be positive");
        }
        this.limit = limit;
        this.periodNanos = periodNanos;
        this.maxInFlight = maxInFlight;
        this.burst = burst;
        this.tokens = burst;
    }

    /**
     * Takes a permit if one is free at {@code now}: returns 0. Otherwise returns how long to wait before asking
     * again, or {@link #WAIT_FOR_RELEASE} when only an answer to a request in flight can free one.
     */
    long tryAcquire(long now) {
        expire(now);
        if (now < pausedUntil) {
            return pausedUntil - now;
        }
        if (inFlight >= maxInFlight) {
            return WAIT_FOR_RELEASE;
        }
        if (inFlight + freesAt.size() >= limit) {
            return freesAt.isEmpty() ? WAIT_FOR_RELEASE : Math.max(1, freesAt.peekFirst() - now);
        }
        if (burst < limit) {
            refill(now);
            if (tokens < 1) {
                return Math.max(1, (long) Math.ceil((1 - tokens) * periodNanos / limit));
            }
            tokens -= 1;
        }
        inFlight++;
        return 0;
    }

    private void refill(long now) {
        if (refilledAt != Long.MIN_VALUE && now > refilledAt) {
            tokens = Math.min(burst, tokens + (double) (now - refilledAt) * limit / periodNanos);
        }
        refilledAt = now;
    }

    /** The request answered (or failed) at {@code now}: its slot stays busy for one more period. */
    void release(long now) {
        if (inFlight == 0) {
            throw new IllegalStateException("release without acquire");
        }
        inFlight--;
        long frees = now + periodNanos;
        if (!freesAt.isEmpty() && freesAt.peekLast() > frees) {
            frees = freesAt.peekLast();   // keep the queue ordered if a caller's clock reading came late
        }
        freesAt.addLast(frees);
    }

    /** Marks slots busy until {@code until}: requests a previous process may have sent (restart safety). */
    void occupyUntil(long until, int slots) {
        for (int i = 0; i < slots; i++) {
            if (!freesAt.isEmpty() && freesAt.peekLast() > until) {
                until = freesAt.peekLast();
            }
            freesAt.addLast(until);
        }
    }

    /** No request may start before {@code until} (a 429's Retry-After, or a reset time with nothing remaining). */
    void pauseUntil(long until) {
        pausedUntil = Math.max(pausedUntil, until);
    }

    /** The vendor says its limit is lower than ours (it changed it, or we were configured too high). */
    void lowerLimit(int vendorLimit) {
        if (vendorLimit >= 1 && vendorLimit < limit) {
            limit = vendorLimit;
        }
    }

    private void expire(long now) {
        while (!freesAt.isEmpty() && freesAt.peekFirst() <= now) {
            freesAt.pollFirst();
        }
    }

    int limit() {
        return limit;
    }

    int inFlight() {
        return inFlight;
    }

    /** Permits that could be taken at {@code now}. */
    int available(long now) {
        expire(now);
        if (now < pausedUntil) {
            return 0;
        }
        return Math.max(0, Math.min(limit - inFlight - freesAt.size(), maxInFlight - inFlight));
    }

    long pausedUntil() {
        return pausedUntil;
    }
}
