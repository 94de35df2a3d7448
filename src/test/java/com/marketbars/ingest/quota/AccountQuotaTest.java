package com.marketbars.ingest.quota;

import com.marketbars.ingest.model.Quota;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.JdbcQuotaLedger;
import com.marketbars.ingest.support.SettableClock;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vendor-quota step as the route calls it: acquire before the HTTP call, release(exchange) after it, reading
 * the answer or the failure the exchange carries; on a real SQLite ledger and a clock the spec moves.
 */
class AccountQuotaTest {
    private static final Instant T0 = Instant.parse("2026-11-24T15:00:00Z");
    private static final Duration MAX_ANSWER = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Database ledgerDb;
    private SettableClock clock;

    @BeforeEach
    void open() {
        ledgerDb = Database.openQuotaLedger("jdbc:sqlite:" + dir.resolve("market.db"));
        clock = new SettableClock(T0);
    }

    @AfterEach
    void close() {
        ledgerDb.close();
    }

    private AccountQuota quota(String limits) {
        return new AccountQuota("alpaca", Quota.parse(limits), MAX_ANSWER, new JdbcQuotaLedger(ledgerDb, clock), clock);
    }

    private static Exchange exchange() {
        return new DefaultExchange(new DefaultCamelContext());
    }

    @Test
    void theSlotTravelsInTheExchangeFromAcquireToRelease() throws Exception {
        AccountQuota q = quota("2/PT1S");
        Exchange e = exchange();
        q.acquire(e);
        assertThat(e.getProperty(AccountQuota.SLOT, Long.class)).isPositive();
        assertThat(q.usage().inFlight()).isEqualTo(1);
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);

        q.release(e);

        assertThat(e.getProperty(AccountQuota.SLOT)).isNull();
        clock.advance(Duration.ofMillis(999));
        AccountUsage u = new JdbcQuotaLedger(ledgerDb, clock).usage("alpaca", q.quota(), MAX_ANSWER);
        assertThat(u.inFlight()).isZero();
        assertThat(u.limits().get(0).held()).as("answered: held for one more period").isEqualTo(1);
    }

    @Test
    void aSlotTakenBeforeTheProcessWasStoppedIsAnsweredAndAnotherTakenBeforeTheSend() throws Exception {
        AccountQuota q = quota("2/PT1S");
        Exchange fresh = exchange();
        q.acquire(fresh);
        long freshSlot = fresh.getProperty(AccountQuota.SLOT, Long.class);
        q.beforeSend(fresh);
        assertThat(fresh.getProperty(AccountQuota.SLOT, Long.class)).as("taken just now: sent on it").isEqualTo(freshSlot);

        Exchange stale = exchange();
        q.acquire(stale);
        long staleSlot = stale.getProperty(AccountQuota.SLOT, Long.class);
        // as if the process had been frozen between the take and the send, past the longest answer and the period
        stale.setProperty(AccountQuota.SLOT_TAKEN, System.nanoTime() - AccountQuota.STALE_SLOT.toNanos() - 1);
        clock.advance(MAX_ANSWER.plusSeconds(2));
        q.beforeSend(stale);

        long retaken = stale.getProperty(AccountQuota.SLOT, Long.class);
        assertThat(retaken).as("a new slot, counted by every process from now").isGreaterThan(staleSlot);
        AccountUsage u = new JdbcQuotaLedger(ledgerDb, clock).usage("alpaca", q.quota(), MAX_ANSWER);
        assertThat(u.inFlight()).as("the new slot only: the stale one was answered").isEqualTo(1);
    }

    @Test
    void releaseOfAnExchangeReadsTheHttpFailureAndA429PausesTheAccount() throws Exception {
        AccountQuota q = quota("5/PT1S");
        Exchange e = exchange();
        q.acquire(e);
        e.setException(new HttpOperationFailedException("http://127.0.0.1/v2/stocks/bars", 429,
                "Too Many Requests", null, Map.of("Retry-After", "3"), "{\"message\":\"too many requests\"}"));

        q.release(e);

        assertThat(q.getPausedUntil()).isEqualTo(T0.plusSeconds(3).toString());
        assertThat(q.getRateLimitedResponses()).isEqualTo(1);
        assertThat(q.getRateLimitedLastHour()).isEqualTo(1);
    }

    @Test
    void aRedeliveryThatGotAnAnswerIsNotReadAsThePreviousAttempts429() throws Exception {
        AccountQuota q = quota("5/PT1S");
        Exchange e = exchange();
        q.acquire(e);
        // the first attempt's 429 is still Camel's caught exception; this attempt was answered 200
        e.setProperty(Exchange.EXCEPTION_CAUGHT, new HttpOperationFailedException("http://127.0.0.1/v2/stocks/bars", 429,
                "Too Many Requests", null, Map.of("Retry-After", "3"), ""));
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);

        q.release(e);

        assertThat(q.getPausedUntil()).isEmpty();
        assertThat(q.getRateLimitedResponses()).isZero();
    }

    @Test
    void releaseFindsAWrappedHttpFailureInTheCaughtException() throws Exception {
        AccountQuota q = quota("5/PT1S");
        Exchange e = exchange();
        q.acquire(e);
        e.setProperty(Exchange.EXCEPTION_CAUGHT, new RuntimeException("wrapped",
                new HttpOperationFailedException("http://127.0.0.1/v2/stocks/bars", 429, "Too Many Requests", null,
                        Map.of("retry-after", "3"), "")));

        q.release(e);

        assertThat(q.getPausedUntil()).isEqualTo(T0.plusSeconds(3).toString());
    }

    @Test
    void aRequestThatNeverReachedTheVendorStartsItsSlotsLastPeriodAndPausesNothing() throws Exception {
        AccountQuota q = quota("5/PT1S");
        Exchange e = exchange();
        q.acquire(e);
        e.setException(new java.net.ConnectException("Connection refused"));

        q.release(e);

        assertThat(q.getPausedUntil()).isEmpty();
        assertThat(q.usage().inFlight()).isZero();
        assertThat(q.getRateLimitedResponses()).isZero();
    }

    @Test
    void aRequestSentButNotAnsweredInTimeKeepsItsSlotAsNeverAnsweredForTheVendorMayCountItLater() throws Exception {
        AccountQuota q = quota("5/PT1S");
        Exchange e = exchange();
        q.acquire(e);
        e.setException(new RuntimeException("fetching a page failed", new java.net.SocketTimeoutException("Read timed out")));

        q.release(e);

        assertThat(q.usage().inFlight()).as("held until send + connect and response timeouts + the period").isEqualTo(1);
        clock.advance(MAX_ANSWER.plusSeconds(1).plusMillis(1));
        assertThat(q.usage().inFlight()).as("and not longer").isZero();
        assertThat(q.getPausedUntil()).isEmpty();
    }

    @Test
    void aConnectTimeoutNeverReachedTheVendor() {
        assertThat(AccountQuota.sentButNotAnswered(new org.apache.hc.client5.http.ConnectTimeoutException("Connect timed out"))).isFalse();
        assertThat(AccountQuota.sentButNotAnswered(new java.net.SocketTimeoutException("Read timed out"))).isTrue();
    }

    @Test
    void acquireBlocksUntilTheLedgerHasASlotAndThreadsOfOneProcessQueue() throws Exception {
        AccountQuota q = quota("1/PT1S");
        long first = q.acquire();
        CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> {
            try {
                return q.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertThat(second).as("the only slot is in flight").isNotDone();
        q.release(first, 200, Map.of());
        clock.advance(Duration.ofSeconds(1));   // one period after the answer
        assertThat(second.get(5, TimeUnit.SECONDS)).isGreaterThan(first);
        assertThat(q.getRequests()).isEqualTo(2);
    }

    @Test
    void withoutAQuotaNothingWaitsAndNothingIsRecorded() throws Exception {
        AccountQuota q = quota("none");
        for (int i = 0; i < 100; i++) {
            q.release(q.acquire(), 200, Map.of());
        }
        assertThat(q.getRequests()).isEqualTo(100);
        assertThat(q.usage().limits()).isEmpty();
        assertThat(q.getQuota()).isEqualTo("none");
    }

    @Test
    void itIsReadableAsAnMXBeanWithEachLimitsUse() throws Exception {
        AccountQuota q = quota("3/PT1S, 20/PT1M");
        q.release(q.acquire(), 200, Map.of());
        q.acquire();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("market-bars-ingest:type=Account,name=spec");
        server.registerMBean(q, name);
        try {
            assertThat(server.getAttribute(name, "Quota")).isEqualTo("3/PT1S, 20/PT1M");
            TabularData sent = (TabularData) server.getAttribute(name, "SentInWindow");
            assertThat(sent.get(new Object[]{"20/PT1M"}).get("value")).isEqualTo(2L);
            assertThat(server.getAttribute(name, "InFlight")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "PausedUntil")).isEqualTo("");
        } finally {
            server.unregisterMBean(name);
        }
    }
}
