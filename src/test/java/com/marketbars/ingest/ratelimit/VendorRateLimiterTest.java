package com.marketbars.ingest.ratelimit;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VendorRateLimiterTest {

    private static final Instant START = Instant.parse("2026-11-25T04:30:00Z");
    private static final Duration PERIOD = Duration.ofSeconds(60);
    private static final Duration MAX_ANSWER = Duration.ofSeconds(30);
    private static final Duration NANO = Duration.ofNanos(1);

    private final MutableClock clock = new MutableClock(START);
    private final ListRequestLog requestLog = new ListRequestLog();

    private VendorRateLimiter limiter(int limit, int maxInFlight) {
        return limiter(limit, PERIOD, maxInFlight);
    }

    private VendorRateLimiter limiter(int limit, Duration period, int maxInFlight) {
        return new VendorRateLimiter("bars", true, limit, period, maxInFlight, MAX_ANSWER, requestLog, clock,
                clock::nanos);
    }

    /** acquire() only where it cannot block: a test that hangs here is a failure, not a wait. */
    private static void acquireFree(VendorRateLimiter limiter) throws InterruptedException {
        assertThat(limiter.getPermitsAvailable()).as("a permit is free").isPositive();
        limiter.acquire();
    }

    @Test
    void upToLimitAcquiresReturnAtOnceAndAreLogged() throws Exception {
        VendorRateLimiter limiter = limiter(3, 10);

        assertThat(limiter.getPermitsAvailable()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            acquireFree(limiter);
        }

        assertThat(limiter.getPermitsAvailable()).isZero();
        assertThat(requestLog.sends).containsExactly(START, START, START);
        assertThat(requestLog.endpoints).containsOnly("bars");
        assertThat(limiter.getEndpoint()).isEqualTo("bars");
        assertThat(limiter.isEnabled()).isTrue();
        assertThat(limiter.getPeriodMillis()).isEqualTo(60_000);
    }

    @Test
    void countersFollowAcquiresAndReleases() throws Exception {
        VendorRateLimiter limiter = limiter(3, 10);

        acquireFree(limiter);
        acquireFree(limiter);
        assertThat(limiter.getInFlight()).isEqualTo(2);
        assertThat(limiter.getPermitsAvailable()).isEqualTo(1);
        assertThat(limiter.getRequests()).isEqualTo(2);
        assertThat(limiter.getRequestsInLastPeriod()).isEqualTo(2);

        limiter.release(200, Map.of());
        assertThat(limiter.getInFlight()).isEqualTo(1);
        assertThat(limiter.getPermitsAvailable()).as("the answered request still holds its slot").isEqualTo(1);
        assertThat(limiter.getRequests()).isEqualTo(2);

        clock.advance(PERIOD);
        assertThat(limiter.getRequestsInLastPeriod()).as("sends older than a period drop out").isZero();
        assertThat(limiter.getRequests()).isEqualTo(2);
        assertThat(limiter.getPermitsAvailable()).isEqualTo(2);
        assertThat(limiter.getRateLimitedResponses()).isZero();
    }

    @Test
    void answeredRequestHoldsItsSlotUntilOnePeriodAfterTheAnswer() throws Exception {
        VendorRateLimiter limiter = limiter(1, 10);
        acquireFree(limiter);
        clock.advance(Duration.ofSeconds(5));   // latency: the slot is held from send to answer + period
        limiter.release(200, Map.of());
        assertThat(limiter.getInFlight()).isZero();

        clock.advance(PERIOD.minus(NANO));
        assertThat(limiter.getPermitsAvailable()).isZero();

        clock.advance(NANO);
        assertThat(limiter.getPermitsAvailable()).isEqualTo(1);
        acquireFree(limiter);
        assertThat(requestLog.sends).containsExactly(START, START.plus(Duration.ofSeconds(65)));
    }

    @Test
    void maxInFlightCapsConcurrentRequests() throws Exception {
        VendorRateLimiter limiter = limiter(10, 2);
        acquireFree(limiter);
        acquireFree(limiter);

        assertThat(limiter.getPermitsAvailable()).isZero();
        limiter.release(200, Map.of());
        assertThat(limiter.getPermitsAvailable()).isEqualTo(1);
    }

    @Test
    void a429WithRetryAfterPausesEveryCaller() throws Exception {
        VendorRateLimiter limiter = limiter(5, 10);
        acquireFree(limiter);

        limiter.release(429, Map.of("Retry-After", "3"));

        assertPausedThreeSeconds(limiter);
    }

    private void assertPausedThreeSeconds(VendorRateLimiter limiter) {
        Instant resume = clock.instant().plusSeconds(3);
        assertThat(limiter.getPausedUntil()).isNotEmpty().isEqualTo(resume.toString());
        assertThat(Instant.parse(limiter.getPausedUntil())).isEqualTo(resume);
        assertThat(limiter.getPermitsAvailable()).isZero();
        assertThat(limiter.getRateLimitedResponses()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(3).minus(NANO));
        assertThat(limiter.getPermitsAvailable()).isZero();
        assertThat(limiter.getPausedUntil()).isEqualTo(resume.toString());

        clock.advance(NANO);
        assertThat(limiter.getPermitsAvailable()).as("the 429'd request still holds its slot").isEqualTo(4);
        assertThat(limiter.getPausedUntil()).isEmpty();
    }

    @Test
    void releaseOfAnExchangeReadsTheHttpFailure() throws Exception {
        VendorRateLimiter limiter = limiter(5, 10);
        acquireFree(limiter);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setException(new HttpOperationFailedException("http://127.0.0.1/v2/stocks/bars", 429,
                "Too Many Requests", null, Map.of("Retry-After", "3"), "{\"message\":\"too many requests\"}"));

        limiter.release(exchange);

        assertThat(limiter.getInFlight()).isZero();
        assertPausedThreeSeconds(limiter);
    }

    @Test
    void releaseOfAnExchangeFindsAWrappedHttpFailureInTheCaughtException() throws Exception {
        VendorRateLimiter limiter = limiter(5, 10);
        acquireFree(limiter);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new RuntimeException("wrapped",
                new HttpOperationFailedException("http://127.0.0.1/v2/stocks/bars", 429, "Too Many Requests", null,
                        Map.of("retry-after", "3"), "")));

        limiter.release(exchange);

        assertPausedThreeSeconds(limiter);
    }

    @Test
    void releaseOfAnExchangeWithNothingRemainingPausesUntilTheReset() throws Exception {
        VendorRateLimiter limiter = limiter(5, 10);
        acquireFree(limiter);
        Instant reset = START.plusSeconds(20);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader("X-RateLimit-Remaining", "0");
        exchange.getMessage().setHeader("X-RateLimit-Reset", Long.toString(reset.getEpochSecond()));

        limiter.release(exchange);

        assertThat(limiter.getInFlight()).isZero();
        assertThat(limiter.getPausedUntil()).isEqualTo(reset.toString());
        assertThat(limiter.getRateLimitedResponses()).isZero();
        clock.advance(Duration.ofSeconds(20).minus(NANO));
        assertThat(limiter.getPermitsAvailable()).isZero();
        clock.advance(NANO);
        assertThat(limiter.getPermitsAvailable()).isEqualTo(4);
    }

    @Test
    void aLowerVendorLimitLowersOursButAHigherOneDoesNotRaiseIt() throws Exception {
        VendorRateLimiter limiter = limiter(200, 200);
        acquireFree(limiter);
        acquireFree(limiter);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader("X-RateLimit-Limit", "150");

        limiter.release(exchange);
        assertThat(limiter.getLimit()).isEqualTo(150);
        assertThat(limiter.getPermitsAvailable()).as("150 - 1 in flight - 1 answered").isEqualTo(148);

        limiter.release(200, Map.of("X-RateLimit-Limit", "500"));
        assertThat(limiter.getLimit()).isEqualTo(150);
    }

    @Test
    void aFailureWithoutAnAnswerJustFreesTheInFlightPlace() throws Exception {
        VendorRateLimiter limiter = limiter(5, 10);
        acquireFree(limiter);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setException(new java.net.SocketTimeoutException("Read timed out"));

        limiter.release(exchange);

        assertThat(limiter.getInFlight()).isZero();
        assertThat(limiter.getPermitsAvailable()).as("no pause").isEqualTo(4);
    }

    @Test
    void releaseWithoutAcquireIsRejected() {
        VendorRateLimiter limiter = limiter(5, 10);

        assertThatThrownBy(() -> limiter.release(200, Map.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRestartedLimiterKeepsTheSlotsOfThePreviousRunsRequests() throws Exception {
        Instant sent = START.minusSeconds(10);
        for (int i = 0; i < 3; i++) {
            requestLog.sent("bars", sent);
        }
        requestLog.sent("bars", START.minus(PERIOD).minus(MAX_ANSWER).minusSeconds(1));   // long since free
        requestLog.sent("other", sent);                                                      // another endpoint

        VendorRateLimiter limiter = limiter(3, 10);

        assertThat(limiter.getPermitsAvailable()).isZero();
        Instant frees = sent.plus(MAX_ANSWER).plus(PERIOD);           // START + 80 s
        clock.advance(Duration.between(START, frees).minus(NANO));
        assertThat(limiter.getPermitsAvailable()).isZero();
        clock.advance(NANO);
        assertThat(limiter.getPermitsAvailable()).isEqualTo(3);
    }

    @Test
    void aDisabledLimiterNeverBlocksAndLogsNothing() throws Exception {
        requestLog.sent("bars", START);
        VendorRateLimiter limiter = new VendorRateLimiter("bars", false, 1, PERIOD, 1, MAX_ANSWER, requestLog, clock,
                clock::nanos);

        assertThat(limiter.getLimit()).isZero();
        assertThat(limiter.isEnabled()).isFalse();
        for (int i = 0; i < 1_000; i++) {
            limiter.acquire();   // blocks only past the in-flight cap, which a release always undoes
            limiter.release(i % 2 == 0 ? 200 : 429, Map.of("Retry-After", "60", "X-RateLimit-Limit", "1"));
        }

        assertThat(requestLog.sends).containsExactly(START);
        assertThat(limiter.getRequests()).isEqualTo(1_000);
        assertThat(limiter.getPermitsAvailable()).as("a disabled limiter ignores the vendor's hints").isEqualTo(1);
        assertThat(limiter.getLimit()).isZero();
        assertThat(limiter.getInFlight()).isZero();
    }

    @Test
    void aReleaseWakesAnAcquireBlockedOnTheInFlightCap() throws Exception {
        VendorRateLimiter limiter = limiter(5, 1);
        acquireFree(limiter);

        CompletableFuture<Void> blocked = acquireInAnotherThread(limiter);
        assertStillBlocked(blocked);

        limiter.release(200, Map.of());

        blocked.get(5, TimeUnit.SECONDS);
        assertThat(limiter.getInFlight()).isEqualTo(1);
        assertThat(limiter.getRequests()).isEqualTo(2);
    }

    @Test
    void aReleaseThenTheEndOfThePeriodLetsABlockedAcquireThrough() throws Exception {
        // The blocked thread waits on a Condition whose awaitNanos counts real time, whatever the nano supplier says:
        // a short period bounds that real wait, the test clock decides when the slot is free.
        Duration period = Duration.ofMillis(100);
        VendorRateLimiter limiter = limiter(1, period, 10);
        acquireFree(limiter);

        CompletableFuture<Void> blocked = acquireInAnotherThread(limiter);
        assertStillBlocked(blocked);

        limiter.release(200, Map.of());   // signals: the waiter finds the slot busy for one more period
        assertThat(blocked).isNotDone();
        clock.advance(period);

        blocked.get(5, TimeUnit.SECONDS);
        assertThat(limiter.getInFlight()).isEqualTo(1);
        assertThat(requestLog.sends).containsExactly(START, START.plus(period));
    }

    private static CompletableFuture<Void> acquireInAnotherThread(VendorRateLimiter limiter) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                limiter.acquire();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "blocked-acquire");
        t.setDaemon(true);
        t.start();
        return done;
    }

    private static void assertStillBlocked(CompletableFuture<Void> blocked) {
        assertThatThrownBy(() -> blocked.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(blocked).isNotDone();
    }

    @Test
    void itIsReadableAsAnMXBean() throws Exception {
        VendorRateLimiter limiter = limiter(5, 10);
        acquireFree(limiter);
        acquireFree(limiter);
        limiter.release(429, Map.of("Retry-After", "3", "X-RateLimit-Limit", "4"));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("market-bars-ingest-test:type=RateLimiter,endpoint=bars-" + System.nanoTime());

        server.registerMBean(limiter, name);
        try {
            assertThat(server.getAttribute(name, "Limit")).isEqualTo(4);
            assertThat(server.getAttribute(name, "InFlight")).isEqualTo(1);
            assertThat(server.getAttribute(name, "PausedUntil")).isEqualTo(START.plusSeconds(3).toString());
            assertThat(server.getAttribute(name, "Endpoint")).isEqualTo("bars");
            assertThat(server.getAttribute(name, "RateLimitedResponses")).isEqualTo(1L);
        } finally {
            server.unregisterMBean(name);
        }
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void pausedUntilIsEmptyBeforeAnyPause() throws Exception {
        VendorRateLimiter limiter = limiter(5, 10);
        assertThat(limiter.getPausedUntil()).isEmpty();
        acquireFree(limiter);
        limiter.release(200, Map.of());
        assertThat(limiter.getPausedUntil()).isEmpty();
    }

    @Test
    void aReleaseWithAnUnreadableResetStillFreesThePermit() throws Exception {
        VendorRateLimiter limiter = limiter(5, 1);
        acquireFree(limiter);

        assertThatCode(() -> limiter.release(200,
                Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "99999999999999999")))
                .doesNotThrowAnyException();
        assertThat(limiter.getInFlight()).isZero();
    }

    /** A clock that stands still until told; its instant and its nanosecond reading move together. */
    static final class MutableClock extends Clock {
        private final long nanoOrigin = 7_000_000_000L;   // any origin: the limiter must use differences only
        private Instant instant;
        private long nanos = nanoOrigin;

        MutableClock(Instant start) {
            this.instant = start;
        }

        synchronized void advance(Duration d) {
            instant = instant.plus(d);
            nanos += d.toNanos();
        }

        synchronized long nanos() {
            return nanos;
        }

        @Override
        public synchronized Instant instant() {
            return instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** In memory, like the database log: appended in send order. */
    static final class ListRequestLog implements RequestLog {
        final List<Instant> sends = Collections.synchronizedList(new ArrayList<>());
        final List<String> endpoints = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void sent(String endpoint, Instant at) {
            endpoints.add(endpoint);
            sends.add(at);
        }

        @Override
        public List<Instant> sentSince(String endpoint, Instant since) {
            synchronized (sends) {
                List<Instant> out = new ArrayList<>();
                for (int i = 0; i < sends.size(); i++) {
                    if (endpoints.get(i).equals(endpoint) && !sends.get(i).isBefore(since)) {
                        out.add(sends.get(i));
                    }
                }
                return out;
            }
        }
    }
}
