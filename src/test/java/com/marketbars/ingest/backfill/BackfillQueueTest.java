package com.marketbars.ingest.backfill;

import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.support.Plans;
import com.marketbars.ingest.support.SettableClock;
import com.marketbars.ingest.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Specs of the backfill jobs every process on a database shares: one job per identical backfill, every shard taken
 * by exactly one process at a time however many race for it, a lease that runs out handing the shard to another,
 * and the job finished with its last shard. Each "process" is a {@link BackfillQueue} on a pool of its own. Run on
 * SQLite and on PostgreSQL by the two subclasses.
 */
abstract class BackfillQueueTest {
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private static final Instant FROM = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-12T00:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(1);

    @TempDir
    Path dir;
    private final SqlDialect dialect;
    private TestDatabase database;
    private final List<Database> opened = new ArrayList<>();
    private final SettableClock clock = new SettableClock(T0);

    BackfillQueueTest(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @BeforeEach
    void open() {
        database = TestDatabase.migrated(dialect, dir);
    }

    @AfterEach
    void close() {
        opened.forEach(Database::close);
        database.close();
    }

    /** A queue on a pool of its own, as another process would have. */
    private BackfillQueue process(java.time.Clock c) {
        Database db = Database.open(database.url(), 4);
        opened.add(db);
        return new BackfillQueue(db, c);
    }

    private static List<String> symbols(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("S" + (char) ('A' + i / 26) + (char) ('A' + i % 26));
        }
        return out;
    }

    private long submit(BackfillQueue q, List<String> symbols) {
        return q.submitOrJoin("alpaca_bars_1min", FROM, TO, symbols, WriteMode.INSERT_ONLY, "spec",
                id -> ShardCut.cut(id, Plans.DEFAULT, symbols, FROM, TO, 100, Duration.ofDays(2)));
    }

    @Test
    void anIdenticalBackfillJoinsTheUnfinishedJobAndADifferentOneIsAJobOfItsOwn() {
        BackfillQueue a = process(clock);
        BackfillQueue b = process(clock);
        long first = submit(a, symbols(120));
        assertThat(submit(b, symbols(120))).as("same feed, range, mode and symbols").isEqualTo(first);
        assertThat(submit(b, symbols(119))).isNotEqualTo(first);
        // 120 symbols in shards of at most 100 (two batches of 50): 100 + 20; ten days in shards of two: 5 - so 10 shards
        assertThat(a.shards(first)).hasSize(10);
        assertThat(a.job(first).orElseThrow().symbols()).hasSize(120);
    }

    @Test
    void everyShardIsTakenByExactlyOneOfManyRacingProcessesAndTheJobEndsWithTheLast() throws Exception {
        List<BackfillQueue> processes = List.of(process(java.time.Clock.systemUTC()), process(java.time.Clock.systemUTC()),
                process(java.time.Clock.systemUTC()));
        long job = submit(processes.get(0), symbols(300));   // 3 symbol groups x 5 time ranges: 15 shards
        ConcurrentLinkedQueue<String> taken = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            BackfillQueue q = processes.get(i % 3);
            String owner = "worker-" + i;
            workers.add(pool.submit(() -> {
                go.await();
                Optional<LeasedShard> s;
                while ((s = q.claim(job, owner, Instant.now().plus(LEASE))).isPresent()) {
                    taken.add(s.get().shard().jobId() + "/" + s.get().shard().number());
                    q.done(s.get().shard());
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : workers) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(taken).hasSize(15).doesNotHaveDuplicates();
        assertThat(processes.get(1).job(job).orElseThrow().finished()).isTrue();
        assertThat(processes.get(2).shards(job)).allSatisfy(s -> assertThat(s.state()).isEqualTo("done"));
    }

    @Test
    void aShardWhoseLeaseRanOutIsTakenByAnotherAndItsOwnerCanNoLongerRenewIt() {
        BackfillQueue dead = process(clock);
        BackfillQueue alive = process(clock);
        long job = submit(dead, symbols(50));
        LeasedShard s = dead.claim(job, "1@dead-host", clock.instant().plus(LEASE)).orElseThrow();
        assertThat(alive.claim(job, "2@host", clock.instant().plus(LEASE)).orElseThrow().shard().number())
                .as("the next shard, not the leased one").isNotEqualTo(s.shard().number());

        clock.advance(LEASE.plusMillis(1));
        LeasedShard again = alive.claim(job, "2@host", clock.instant().plus(LEASE)).orElseThrow();
        assertThat(again.shard()).isEqualTo(s.shard());
        assertThat(again.take()).as("the shard's second take").isEqualTo(s.take() + 1);
        assertThat(dead.renew(s, clock.instant().plus(LEASE))).as("the old owner's renewal").isFalse();
        assertThat(alive.renew(again, clock.instant().plus(LEASE))).isTrue();
    }

    @Test
    void aTakeIsRenewedAndReleasedAloneNotALaterTakeOfTheSameOwner() {
        BackfillQueue q = process(clock);
        long job = submit(q, symbols(50));
        LeasedShard first = q.claim(job, "1@host", clock.instant().plus(LEASE)).orElseThrow();
        clock.advance(LEASE.plusMillis(1));
        LeasedShard second = q.claim(job, "1@host", clock.instant().plus(LEASE)).orElseThrow();
        assertThat(second.shard()).isEqualTo(first.shard());

        assertThat(q.renew(first, clock.instant().plus(LEASE))).as("the owner's earlier take").isFalse();
        q.release(first);
        assertThat(q.shards(job).get(0).state()).as("not given back by the earlier take").isEqualTo("leased");
        q.release(second);
        assertThat(q.shards(job).get(0).state()).isEqualTo("pending");
    }

    @Test
    void aShardGivenBackOrWhoseOwnerIsGoneIsTakenAtOnce() {
        BackfillQueue q = process(clock);
        long job = submit(q, symbols(50));
        LeasedShard s = q.claim(job, "1@host", clock.instant().plus(LEASE)).orElseThrow();
        q.release(s);
        assertThat(q.claim(job, "2@host", clock.instant().plus(LEASE)).orElseThrow().shard()).isEqualTo(s.shard());

        assertThat(q.leaseOwners()).containsExactly("2@host");
        assertThat(q.expireLeasesOf("2@host")).isEqualTo(1);
        assertThat(q.leaseOwners()).isEmpty();
        assertThat(q.claim(job, "3@host", clock.instant().plus(LEASE)).orElseThrow().shard()).isEqualTo(s.shard());
    }

    @Test
    void aFinishedJobIsNotJoinedTheSameBackfillLaterIsANewJob() {
        BackfillQueue q = process(clock);
        long job = submit(q, symbols(50));
        Optional<LeasedShard> s;
        while ((s = q.claim(job, "1@host", clock.instant().plus(LEASE))).isPresent()) {
            q.done(s.get().shard());
        }
        assertThat(q.job(job).orElseThrow().finished()).isTrue();
        assertThat(submit(q, symbols(50))).isNotEqualTo(job);
        assertThat(q.claim(job, "1@host", clock.instant().plus(LEASE))).as("nothing left of the finished job").isEmpty();
    }
}
