package com.marketbars.ingest.quota;

import com.marketbars.ingest.model.Limit;
import com.marketbars.ingest.model.Quota;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.JdbcQuotaLedger;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.support.SettableClock;
import com.marketbars.ingest.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Specs of the quota ledger every process of an account shares, on a clock the spec moves (and, for the races, the
 * real one); run on SQLite and on PostgreSQL by the two subclasses. Each {@link JdbcQuotaLedger} here opens its own
 * pool, as a separate process does.
 */
abstract class QuotaLedgerTest {
    private static final String ACCOUNT = "alpaca";
    private static final Duration MAX_ANSWER = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-11-24T15:00:00Z");

    @TempDir
    Path dir;

    private final SqlDialect dialect;
    private TestDatabase database;
    private final List<Database> opened = new ArrayList<>();
    private SettableClock clock;

    QuotaLedgerTest(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @BeforeEach
    void open() {
        database = TestDatabase.migrated(dialect, dir);
        clock = new SettableClock(T0);
    }

    @AfterEach
    void close() {
        opened.forEach(Database::close);
        if (database != null) {
            database.close();
        }
    }

    /** A ledger on a pool of its own, as another process would have. */
    private JdbcQuotaLedger ledger(Clock c) {
        Database db = Database.openQuotaLedger(database.url());
        opened.add(db);
        return new JdbcQuotaLedger(db, c);
    }

    private JdbcQuotaLedger registered(Quota quota) {
        JdbcQuotaLedger l = ledger(clock);
        l.register(ACCOUNT, quota.longestPeriod().plus(MAX_ANSWER));
        return l;
    }

    private long take(JdbcQuotaLedger l, Quota q) {
        QuotaLedger.Take t = l.tryTake(ACCOUNT, q, MAX_ANSWER, "spec");
        assertThat(t.taken()).as("a slot is free at %s", clock.instant()).isTrue();
        return t.slot();
    }

    private long waitFor(JdbcQuotaLedger l, Quota q) {
        QuotaLedger.Take t = l.tryTake(ACCOUNT, q, MAX_ANSWER, "spec");
        assertThat(t.taken()).as("no slot is free at %s", clock.instant()).isFalse();
        return t.waitMillis();
    }

    @Test
    void theLimitIsTakenAtOnceThenTheNextRequestWaitsForASlotToFreeOnePeriodAfterItsAnswer() {
        Quota q = Quota.parse("3/PT1S");
        JdbcQuotaLedger l = registered(q);
        long a = take(l, q);
        take(l, q);
        take(l, q);
        assertThat(waitFor(l, q)).as("all three in flight: an answer must come first").isEqualTo(1_000);

        clock.advance(Duration.ofMillis(300));
        l.answered(a, 200);
        assertThat(waitFor(l, q)).as("a's slot frees 1 s after its answer").isEqualTo(1_000);
        clock.advance(Duration.ofMillis(999));
        assertThat(waitFor(l, q)).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        take(l, q);
    }

    @Test
    void aSlowAnswerHoldsTheSlotFromSendUntilOnePeriodAfterIt() {
        Quota q = Quota.parse("1/PT1S");
        JdbcQuotaLedger l = registered(q);
        long a = take(l, q);
        clock.advance(Duration.ofSeconds(5));             // latency far longer than the period
        assertThat(waitFor(l, q)).isPositive();
        l.answered(a, 200);
        clock.advance(Duration.ofMillis(999));
        assertThat(waitFor(l, q)).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        take(l, q);
    }

    @Test
    void everyLimitHoldsAtOnce() {
        Quota q = Quota.parse("3/PT1S, 5/PT10S");
        JdbcQuotaLedger l = registered(q);
        List<Long> first = List.of(take(l, q), take(l, q), take(l, q));
        assertThat(waitFor(l, q)).as("3 per second").isPositive();
        first.forEach(s -> l.answered(s, 200));
        clock.advance(Duration.ofSeconds(1));
        long d = take(l, q);
        take(l, q);
        l.answered(d, 200);
        clock.advance(Duration.ofSeconds(2));
        // the 1 s limit has room again, but 5 were answered or sent within 10 s: the first frees at T0 + 10 s
        assertThat(waitFor(l, q)).as("5 per 10 s").isEqualTo(1_000);   // capped: callers ask again at least every second
        clock.set(T0.plusSeconds(10).minusMillis(1));
        waitFor(l, q);
        clock.set(T0.plusSeconds(10));
        take(l, q);
    }

    /**
     * The property that matters, tried on random latencies against three limits at once: the vendor counts each
     * request at some instant between our send and our receipt of its answer, so for every limit, no window of its
     * length may meet the [send, answer] span of more requests than the limit - whichever instants the vendor uses.
     */
    @Test
    void noWindowOfAnyLimitEverMeetsMoreRequestsThanTheLimitWhateverTheLatency() {
        Quota q = Quota.parse("3/PT1S, 7/PT5S, 12/PT20S");
        JdbcQuotaLedger l = registered(q);
        Random random = new Random(11);
        record Span(long slot, long sent, long answered) {
        }
        List<Span> done = new ArrayList<>();
        List<long[]> inFlight = new ArrayList<>();   // slot, sent, answer due
        long end = T0.plusSeconds(90).toEpochMilli();
        while (clock.millis() < end) {
            for (var it = inFlight.iterator(); it.hasNext(); ) {
                long[] r = it.next();
                if (r[2] <= clock.millis()) {
                    l.answered(r[0], 200);
                    done.add(new Span(r[0], r[1], clock.millis()));
                    it.remove();
                }
            }
            QuotaLedger.Take t = l.tryTake(ACCOUNT, q, MAX_ANSWER, "spec");
            if (t.taken()) {
                inFlight.add(new long[]{t.slot(), clock.millis(), clock.millis() + random.nextInt(random.nextBoolean() ? 50 : 3_000)});
            } else {
                clock.advance(Duration.ofMillis(1 + random.nextInt(40)));
            }
        }
        assertThat(done.size()).as("the quota is used, not only respected").isGreaterThan(30);
        for (Limit limit : q.limits()) {
            long p = limit.periodMillis();
            int worst = 0;
            for (Span w : done) {   // a window that meets the most spans can start at some answer
                long from = w.answered;
                int meets = (int) done.stream().filter(s -> s.answered >= from && s.sent < from + p).count();
                worst = Math.max(worst, meets);
            }
            assertThat(worst).as("requests a %s window can count", limit).isLessThanOrEqualTo(limit.requests());
        }
    }

    @Test
    void aRequestNeverAnsweredBecauseItsProcessDiedHoldsItsSlotUntilSendPlusMaxAnswerPlusPeriod() {
        Quota q = Quota.parse("2/PT1M");
        JdbcQuotaLedger dead = registered(q);
        take(dead, q);
        take(dead, q);   // the process is killed with both in flight
        JdbcQuotaLedger successor = registered(q);
        clock.advance(MAX_ANSWER.plusSeconds(59));
        assertThat(waitFor(successor, q)).isPositive();
        clock.advance(Duration.ofSeconds(1));
        take(successor, q);
        take(successor, q);
    }

    @Test
    void aPauseHoldsEveryProcessUntilItEndsAndALaterPauseIsNeverShortened() {
        Quota q = Quota.parse("100/PT1M");
        JdbcQuotaLedger a = registered(q);
        JdbcQuotaLedger b = registered(q);
        a.pauseUntil(ACCOUNT, T0.plusSeconds(3), 429);
        b.pauseUntil(ACCOUNT, T0.plusSeconds(1), 429);   // an earlier resume time does not end the pause sooner
        assertThat(waitFor(b, q)).isEqualTo(1_000);
        clock.advance(Duration.ofMillis(2_500));
        assertThat(waitFor(b, q)).isEqualTo(500);
        clock.advance(Duration.ofMillis(500));
        take(b, q);
        assertThat(b.usage(ACCOUNT, q, MAX_ANSWER).paused()).isFalse();
    }

    @Test
    void theVendorsLimitLowersTheNearestLimitForEveryProcess() {
        Quota q = Quota.parse("30/PT1S, 200/PT1M");
        JdbcQuotaLedger a = registered(q);
        JdbcQuotaLedger b = registered(q);
        a.vendorLimit(ACCOUNT, 2);
        take(b, q);
        take(b, q);
        assertThat(waitFor(b, q)).isPositive();
        assertThat(b.usage(ACCOUNT, q, MAX_ANSWER).limits()).extracting(u -> u.limit().toString())
                .containsExactly("2/PT1S", "200/PT1M");
    }

    @Test
    void usageCountsEveryProcessesRequestsPerLimitWithInFlightAnd429s() {
        Quota q = Quota.parse("5/PT1S, 50/PT1M");
        JdbcQuotaLedger a = registered(q);
        JdbcQuotaLedger b = registered(q);
        long s1 = take(a, q);
        long s2 = take(b, q);
        take(b, q);
        clock.advance(Duration.ofMillis(200));
        a.answered(s1, 200);
        b.answered(s2, 429);
        clock.advance(Duration.ofMillis(900));   // s1 and s2 were sent over a second ago, answered 0.9 s ago

        AccountUsage u = a.usage(ACCOUNT, q, MAX_ANSWER);
        assertThat(u.limits()).extracting(AccountUsage.LimitUsage::sentInWindow).containsExactly(0L, 3L);
        assertThat(u.limits()).extracting(AccountUsage.LimitUsage::held).containsExactly(3L, 3L);
        assertThat(u.inFlight()).isEqualTo(1);
        assertThat(u.rateLimitedLastHour()).isEqualTo(1);
    }

    /**
     * Two writers racing for the last slots: several threads in each of two "processes" (ledgers on pools of their
     * own) take as fast as they can from a quota of 40 per hour. Exactly 40 are granted, never 41.
     */
    @Test
    void twoProcessesRacingForTheLastSlotsAreGrantedExactlyTheQuota() throws Exception {
        Quota q = Quota.parse("40/PT1H");
        List<JdbcQuotaLedger> processes = List.of(ledger(Clock.systemUTC()), ledger(Clock.systemUTC()));
        processes.forEach(p -> p.register(ACCOUNT, Duration.ofHours(2)));
        ConcurrentLinkedQueue<Long> granted = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> racers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            JdbcQuotaLedger p = processes.get(i % 2);
            racers.add(pool.submit(() -> {
                go.await();
                for (int tries = 0; tries < 20; tries++) {
                    QuotaLedger.Take t = p.tryTake(ACCOUNT, q, MAX_ANSWER, Thread.currentThread().getName());
                    if (t.taken()) {
                        granted.add(t.slot());
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : racers) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(granted).hasSize(40).doesNotHaveDuplicates();
        assertThat(processes.get(0).usage(ACCOUNT, q, MAX_ANSWER).limits().get(0).held()).isEqualTo(40);
    }

    /**
     * A request answered while another process counts the slots must be counted once - as in flight or as answered -
     * and never fall between the two (on PostgreSQL each statement of a transaction sees the commits made before it
     * starts). Round after round, one "process" holds every slot of an account and answers them while another's threads
     * ask for a slot without pause: an answered slot is held for its period after the answer, so no ask may be granted.
     */
    @Test
    void aSlotAnsweredWhileAnotherProcessCountsIsNeverMissedByTheCount() throws Exception {
        Quota q = Quota.parse("3/PT1H");
        JdbcQuotaLedger holder = ledger(Clock.systemUTC());
        JdbcQuotaLedger asker = ledger(Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<String> overGranted = new ArrayList<>();
            for (int round = 0; round < 150 && overGranted.isEmpty(); round++) {
                String account = "race-" + round;
                holder.register(account, Duration.ofHours(2));
                List<Long> held = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    held.add(holder.tryTake(account, q, MAX_ANSWER, "holder").slot());
                }
                assertThat(held).as("the holder takes the whole quota").allMatch(s -> s > 0);
                CountDownLatch asking = new CountDownLatch(2);
                CountDownLatch answered = new CountDownLatch(1);
                List<Future<Boolean>> asks = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    asks.add(pool.submit(() -> {
                        asking.countDown();
                        boolean granted = false;
                        do {
                            granted |= asker.tryTake(account, q, MAX_ANSWER, "asker").taken();
                        } while (answered.getCount() > 0);
                        return granted;
                    }));
                }
                Future<?> answering = pool.submit(() -> {
                    asking.await();
                    held.forEach(s -> holder.answered(s, 200));
                    answered.countDown();
                    return null;
                });
                answering.get(30, TimeUnit.SECONDS);
                for (Future<Boolean> a : asks) {
                    if (a.get(30, TimeUnit.SECONDS)) {
                        overGranted.add(account);
                    }
                }
            }
            assertThat(overGranted).as("accounts where a slot was granted beyond the quota").isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Processes on several machines share the ledger with the server's clock; here server and host are one. */
    @Test
    void theDatabaseClockReadsTheServersClock() {
        Database db = Database.openQuotaLedger(database.url());
        opened.add(db);
        com.marketbars.ingest.store.DatabaseClock serverClock = new com.marketbars.ingest.store.DatabaseClock(db);
        assertThat(serverClock.offsetMillis()).as("same host: the clocks agree within the measurement's error").isZero();
        assertThat(Math.abs(serverClock.millis() - System.currentTimeMillis())).isLessThan(1_000);
        JdbcQuotaLedger l = new JdbcQuotaLedger(db, serverClock);
        l.register(ACCOUNT, Duration.ofMinutes(2));
        assertThat(l.tryTake(ACCOUNT, Quota.parse("1/PT1M"), MAX_ANSWER, "spec").taken()).isTrue();
        assertThat(l.tryTake(ACCOUNT, Quota.parse("1/PT1M"), MAX_ANSWER, "spec").taken()).isFalse();
    }

    @Test
    void an429AnsweredToOneProcessPausesTheOtherThroughTheLedger() throws Exception {
        Quota q = Quota.parse("100/PT1M");
        AccountQuota daemon = new AccountQuota(ACCOUNT, q, MAX_ANSWER, ledger(clock), clock);
        AccountQuota backfill = new AccountQuota(ACCOUNT, q, MAX_ANSWER, ledger(clock), clock);
        long slot = daemon.acquire();
        daemon.release(slot, 429, Map.of("Retry-After", "2"));

        assertThat(backfill.usage().paused()).isTrue();
        assertThat(backfill.getPausedUntil()).isEqualTo(T0.plusSeconds(2).toString());
        assertThat(backfill.getRateLimitedLastHour()).isEqualTo(1);
        assertThat(daemon.getRateLimitedResponses()).isEqualTo(1);
        assertThat(backfill.getRateLimitedResponses()).isZero();
    }
}
