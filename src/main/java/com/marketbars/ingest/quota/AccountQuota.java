package com.marketbars.ingest.quota;

import com.marketbars.ingest.model.Quota;
import com.marketbars.ingest.errors.FailureClassifier;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A vendor account's quota as this process draws on it: the route's {@code vendor-quota} step calls
 * {@link #acquire(Exchange)} right before the HTTP request and {@link #release(Exchange)} right after it, whatever
 * the outcome. Slots are taken from and answered to the shared {@link QuotaLedger}, so every process of ours that
 * sends with the account's key keeps one quota between them. What the vendor says about its quota (a 429's
 * {@code Retry-After}, {@code X-RateLimit-Remaining: 0} with its reset, {@code X-RateLimit-Limit}) goes into the
 * ledger too, so one process's 429 pauses all of them.
 * <p>
 * The threads of this process ask the ledger one at a time (a fair lock): the one at the head waits for the slot
 * the ledger names, and the others queue behind it instead of polling the database together.
 */
public final class AccountQuota implements AccountQuotaMXBean {
    private static final Logger LOG = LoggerFactory.getLogger(AccountQuota.class);
    /** The exchange property that carries the slot from acquire to release. */
    public static final String SLOT = "ingestQuotaSlot";
    /** The exchange property with {@code System.nanoTime()} at the slot's take. */
    public static final String SLOT_TAKEN = "ingestQuotaSlotTaken";
    /** A slot older than this at the send is taken again ({@link #beforeSend}). */
    static final Duration STALE_SLOT = Duration.ofMillis(500);

    private final String account;
    private final Quota quota;
    private final Duration maxAnswer;
    private final QuotaLedger ledger;
    private final Clock clock;
    private final String holder;
    private final ReentrantLock asking = new ReentrantLock(true);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong waitedNanos = new AtomicLong();
    private volatile Integer vendorLimitSeen;
    private volatile AccountUsage usage;

    /**
     * @param maxAnswer the longest a request can take (connect + response timeout): a request never answered - its
     *                  process died - holds its slots that much longer than one answered at once
     */
    public AccountQuota(String account, Quota quota, Duration maxAnswer, QuotaLedger ledger, Clock clock) {
        this.account = account;
        this.quota = quota;
        this.maxAnswer = maxAnswer;
        this.ledger = ledger;
        this.clock = clock;
        this.holder = ManagementFactory.getRuntimeMXBean().getName();   // pid@host
        if (!quota.isNone()) {
            ledger.register(account, quota.longestPeriod().plus(maxAnswer));
        }
    }

    /** Blocks until this request may be sent; the slot travels in the exchange to {@link #release(Exchange)}. */
    public void acquire(Exchange exchange) throws InterruptedException {
        exchange.setProperty(SLOT, acquire());
        exchange.setProperty(SLOT_TAKEN, System.nanoTime());
    }

    /**
     * The route's last step before the request leaves: a slot taken more than {@link #STALE_SLOT} ago is answered (no
     * answer, status 0) and another taken. The ledger counts an unanswered slot for the longest answer plus the period
     * from its take, so the others stop counting it then; a process that stopped between the take and the send - frozen
     * by SIGSTOP, a paused VM, a swap storm - would send on a slot nobody counts any more (FreezeChaosPostgresTest: one
     * 429 for exceeding the quota, from a daemon woken after 9 s). A healthy process goes from take to send in
     * milliseconds. What is left is a stop inside the HTTP client's last steps before the socket write.
     */
    public void beforeSend(Exchange exchange) throws InterruptedException {
        Long slot = exchange.getProperty(SLOT, Long.class);
        Long taken = exchange.getProperty(SLOT_TAKEN, Long.class);
        long age = taken == null ? 0 : System.nanoTime() - taken;
        if (quota.isNone() || slot == null || slot <= 0 || age <= STALE_SLOT.toNanos()) {
            return;
        }
        LOG.warn("Account {}: quota slot {} was taken {} ms ago (this process was stopped?); taking another before sending", account,
                slot, TimeUnit.NANOSECONDS.toMillis(age));
        release(slot, 0, Map.of());
        exchange.removeProperty(SLOT);   // answered: a failed take below leaves nothing for release to answer again
        exchange.setProperty(SLOT, take());
        exchange.setProperty(SLOT_TAKEN, System.nanoTime());
    }

    /** Blocks until a request may be sent; returns its slot (0 when the account has no quota). */
    public long acquire() throws InterruptedException {
        requests.incrementAndGet();
        return take();
    }

    private long take() throws InterruptedException {
        if (quota.isNone()) {
            return 0;
        }
        long started = System.nanoTime();
        asking.lockInterruptibly();
        try {
            while (true) {
                QuotaLedger.Take take = ledger.tryTake(account, quota, maxAnswer, holder);
                if (take.taken()) {
                    return take.slot();
                }
                TimeUnit.MILLISECONDS.sleep(take.waitMillis());
            }
        } finally {
            asking.unlock();
            waitedNanos.addAndGet(System.nanoTime() - started);
        }
    }

    /** The request was answered or failed: its slot starts its last period; the vendor's quota hints are noted. */
    public void release(Exchange exchange) {
        Long slot = exchange.getProperty(SLOT, Long.class);
        exchange.removeProperty(SLOT);
        int status = 0;
        Map<String, ?> headers = Map.of();
        Integer answered = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        // An answer of this attempt comes first: after a redelivery that succeeded, Camel still carries the previous
        // attempt's exception as the caught one, and reading it would pause the account again for a 429 long gone.
        // (fetch-page removes every header before each attempt, so the response code is this attempt's.)
        Throwable failure = exchange.getException() == null && answered != null && answered < 400 ? null
                : FailureClassifier.caught(exchange);
        HttpOperationFailedException http = FailureClassifier.httpFailure(failure);
        if (http != null) {
            status = http.getStatusCode();
            headers = http.getResponseHeaders() == null ? Map.of() : http.getResponseHeaders();
        } else if (failure == null) {
            status = answered == null ? 200 : answered;
            headers = exchange.getMessage().getHeaders();
        } else if (sentButNotAnswered(failure)) {
            // The vendor may count it after this: a gateway that queues requests counts one when it leaves the queue.
            // Answered now, its slot would be free a period from now, perhaps before the vendor counted it. Left
            // unanswered, the ledger holds it as a request never answered: send + connect and response timeouts + period.
            LOG.debug("Account {}: quota slot {} had no answer within the response timeout ({}); it stays held until it expires",
                    account, slot, failure.toString());
            return;
        }
        release(slot == null ? 0 : slot, status, headers);
    }

    /**
     * The request left and no answer came in time (a read timeout): the vendor has it, or will, and counts it when it
     * reads it. A connect timeout or a refused connection never reached it.
     */
    static boolean sentButNotAnswered(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException && !(t instanceof org.apache.hc.client5.http.ConnectTimeoutException)) {
                return true;
            }
        }
        return false;
    }

    /** As {@link #release(Exchange)}, with the slot, the status (0 when there was no answer) and headers given. */
    public void release(long slot, int status, Map<String, ?> headers) {
        if (status == 429) {
            rateLimited.incrementAndGet();
        }
        if (quota.isNone() || slot <= 0) {
            return;
        }
        try {
            ledger.answered(slot, status);
            Instant now = clock.instant();
            RateLimitHints hints = hints(headers, status, now);
            hints.resumeAt().filter(now::isBefore).ifPresent(at -> {
                LOG.warn("Account {}: the vendor asked to wait until {} (HTTP {}); every process of the account pauses", account, at, status);
                ledger.pauseUntil(account, at, status);
            });
            hints.limit().ifPresent(this::noteVendorLimit);
        } catch (RuntimeException e) {
            // The slot stays counted as in flight until send + maxAnswer + period: safe, only slower. The answer
            // itself is good and must not fail because the ledger could not be told.
            LOG.warn("Account {}: could not record the answer of quota slot {} ({}); it stays held until it expires", account, slot, e.toString());
        }
    }

    private RateLimitHints hints(Map<String, ?> headers, int status, Instant now) {
        try {
            return RateLimitHints.from(headers, status, now);
        } catch (RuntimeException unreadable) {
            LOG.warn("Account {}: unreadable rate-limit headers ignored: {}", account, unreadable.toString());
            return new RateLimitHints(Optional.empty(), Optional.empty());
        }
    }

    /** The vendor's own figure goes to the ledger when it changes, not on every answer. */
    private void noteVendorLimit(int vendorLimit) {
        if (Integer.valueOf(vendorLimit).equals(vendorLimitSeen)) {
            return;
        }
        Quota lowered = quota.withVendorLimit(vendorLimit);
        if (!lowered.equals(quota)) {
            LOG.warn("Account {}: the vendor reports a limit of {}, below the configured {}; every process uses {}",
                    account, vendorLimit, quota, lowered);
        }
        ledger.vendorLimit(account, vendorLimit);
        vendorLimitSeen = vendorLimit;
    }

    /** The account's use across all processes, read from the ledger at most once a second. */
    public AccountUsage usage() {
        AccountUsage u = usage;
        if (u == null || Duration.between(u.at(), clock.instant()).toMillis() >= 1_000) {
            u = quota.isNone() ? new AccountUsage(account, clock.instant(), java.util.List.of(), 0, null, 0, null)
                    : ledger.usage(account, quota, maxAnswer);
            usage = u;
        }
        return u;
    }

    @Override
    public String getAccount() {
        return account;
    }

    @Override
    public String getQuota() {
        return quota.toString();
    }

    public Quota quota() {
        return quota;
    }

    @Override
    public Map<String, Long> getSentInWindow() {
        Map<String, Long> m = new LinkedHashMap<>();
        usage().limits().forEach(l -> m.put(l.limit().toString(), l.sentInWindow()));
        return m;
    }

    @Override
    public Map<String, Long> getSlotsHeld() {
        Map<String, Long> m = new LinkedHashMap<>();
        usage().limits().forEach(l -> m.put(l.limit().toString(), l.held()));
        return m;
    }

    @Override
    public long getInFlight() {
        return usage().inFlight();
    }

    @Override
    public String getPausedUntil() {
        AccountUsage u = usage();
        return u.paused() ? u.pausedUntil().toString() : "";
    }

    @Override
    public long getRateLimitedLastHour() {
        return usage().rateLimitedLastHour();
    }

    @Override
    public long getRequests() {
        return requests.get();
    }

    @Override
    public long getRateLimitedResponses() {
        return rateLimited.get();
    }

    @Override
    public long getWaitedMillis() {
        return waitedNanos.get() / 1_000_000;
    }
}
