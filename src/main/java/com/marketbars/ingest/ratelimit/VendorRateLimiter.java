package com.marketbars.ingest.ratelimit;

import com.marketbars.ingest.errors.FailureClassifier;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The quota of one vendor endpoint class, shared by every thread that calls it. The route calls
 * {@link #acquire()} right before the HTTP request and {@link #release(Exchange)} right after it, whatever the
 * outcome. Enforces {@link QuotaWindow}'s sliding window and a cap on requests in flight; a 429's Retry-After,
 * or {@code X-RateLimit-Remaining: 0} with a reset time, pauses every caller, not only the one that got it; and
 * a lower {@code X-RateLimit-Limit} from the vendor lowers ours. Send times are logged, so a restarted process
 * starts with the slots its predecessor's requests still hold at the vendor.
 */
public final class VendorRateLimiter implements VendorRateLimiterMXBean {
    private static final Logger LOG = LoggerFactory.getLogger(VendorRateLimiter.class);

    private final String endpoint;
    private final boolean enabled;
    private final Duration period;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final RequestLog log;
    private final QuotaWindow window;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Long> recentSends = new ArrayDeque<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();

    /**
     * @param enabled      false: only the in-flight cap applies (benchmarks, vendors without a quota)
     * @param maxAnswerTime the longest a request can take (the response timeout): on restart, a logged request is
     *                     assumed answered that late
     */
    public VendorRateLimiter(String endpoint, boolean enabled, int limit, Duration period, int maxInFlight,
                             Duration maxAnswerTime, RequestLog log, Clock clock, LongSupplier nanoTime) {
        this(endpoint, enabled, limit, limit, period, maxInFlight, maxAnswerTime, log, clock, nanoTime);
    }

    /** @param burst how many requests may start back to back; fewer than {@code limit} spaces the rest out evenly */
    public VendorRateLimiter(String endpoint, boolean enabled, int limit, int burst, Duration period, int maxInFlight,
                             Duration maxAnswerTime, RequestLog log, Clock clock, LongSupplier nanoTime) {
        this.endpoint = endpoint;
        this.enabled = enabled;
        this.period = period;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.log = enabled ? log : RequestLog.NONE;
        this.window = enabled ? new QuotaWindow(limit, period.toNanos(), maxInFlight, Math.min(burst, limit))
                : new QuotaWindow(Integer.MAX_VALUE, period.toNanos(), maxInFlight);
        if (enabled) {
            Instant now = clock.instant();
            List<Instant> earlier = this.log.sentSince(endpoint, now.minus(period).minus(maxAnswerTime));
            long nowNanos = nanoTime.getAsLong();
            for (Instant sent : earlier) {
                Instant frees = sent.plus(maxAnswerTime).plus(period);
                window.occupyUntil(nowNanos + Duration.between(now, frees).toNanos(), 1);
            }
            if (!earlier.isEmpty()) {
                LOG.info("Rate limiter {}: {} request(s) of a previous run may still count at the vendor; their slots stay busy",
                        endpoint, earlier.size());
            }
        }
    }

    /** Blocks until this thread may send one request. */
    public void acquire() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                long wait = window.tryAcquire(nanoTime.getAsLong());
                if (wait == 0) {
                    break;
                }
                if (wait == QuotaWindow.WAIT_FOR_RELEASE) {
                    changed.await();
                } else {
                    changed.awaitNanos(wait);
                }
            }
            long now = nanoTime.getAsLong();
            recentSends.addLast(now);
            while (recentSends.peekFirst() <= now - period.toNanos()) {
                recentSends.pollFirst();
            }
        } finally {
            lock.unlock();
        }
        requests.incrementAndGet();
        log.sent(endpoint, clock.instant());
    }

    /** Frees the in-flight place; reads the vendor's quota hints from the answer or the HTTP failure. */
    public void release(Exchange exchange) {
        int status = 0;
        Map<String, ?> headers = Map.of();
        Throwable failure = FailureClassifier.caught(exchange);
        HttpOperationFailedException http = FailureClassifier.httpFailure(failure);
        if (http != null) {
            status = http.getStatusCode();
            headers = http.getResponseHeaders() == null ? Map.of() : http.getResponseHeaders();
        } else if (failure == null) {
            Integer code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            status = code == null ? 200 : code;
            headers = exchange.getMessage().getHeaders();
        }
        release(status, headers);
    }

    /** As {@link #release(Exchange)}, with the status (0 when there was no answer) and headers given. */
    public void release(int status, Map<String, ?> headers) {
        Instant now = clock.instant();
        RateLimitHints hints;
        try {
            hints = RateLimitHints.from(headers, status, now);
        } catch (RuntimeException unreadable) {
            // whatever the vendor sent, the permit must come back
            LOG.warn("Rate limiter {}: unreadable rate-limit headers ignored: {}", endpoint, unreadable.toString());
            hints = new RateLimitHints(java.util.Optional.empty(), java.util.Optional.empty());
        }
        if (status == 429) {
            rateLimited.incrementAndGet();
        }
        lock.lock();
        try {
            long nowNanos = nanoTime.getAsLong();
            window.release(nowNanos);
            if (enabled) {
                hints.resumeAt().ifPresent(at -> {
                    long until = nowNanos + Math.max(0, Duration.between(now, at).toNanos());
                    if (until > window.pausedUntil()) {
                        LOG.warn("Rate limiter {}: vendor asked to wait until {} (HTTP {}); every request pauses", endpoint, at, status);
                    }
                    window.pauseUntil(until);
                });
                hints.limit().ifPresent(l -> {
                    if (l < window.limit()) {
                        LOG.warn("Rate limiter {}: vendor reports a limit of {} per window, below ours ({}); using {}",
                                endpoint, l, window.limit(), l);
                        window.lowerLimit(l);
                    }
                });
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String getEndpoint() {
        return endpoint;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public int getLimit() {
        return enabled ? window.limit() : 0;
    }

    @Override
    public long getPeriodMillis() {
        return period.toMillis();
    }

    @Override
    public int getPermitsAvailable() {
        lock.lock();
        try {
            return window.available(nanoTime.getAsLong());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int getInFlight() {
        lock.lock();
        try {
            return window.inFlight();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String getPausedUntil() {
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            if (now >= window.pausedUntil()) {
                return "";   // also before any pause: pausedUntil is Long.MIN_VALUE, and subtracting would overflow
            }
            return clock.instant().plusNanos(window.pausedUntil() - now).toString();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long getRequests() {
        return requests.get();
    }

    @Override
    public long getRequestsInLastPeriod() {
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            while (!recentSends.isEmpty() && recentSends.peekFirst() <= now - period.toNanos()) {
                recentSends.pollFirst();
            }
            return recentSends.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long getRateLimitedResponses() {
        return rateLimited.get();
    }

}
