package com.marketbars.ingest.store;

import com.marketbars.ingest.errors.StoreException;
import com.marketbars.ingest.errors.DatabaseFault;
import com.marketbars.ingest.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SQLite's write transactions run on one thread of their own: callers see their outcome as if they had run them, and
 * a caller that stops waiting never leaves a transaction of unknown fate behind.
 */
@Timeout(60)
class WriterThreadTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void close() throws Exception {
        callers.shutdownNow();
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void every_write_transaction_of_a_sqlite_database_runs_on_its_one_writer_thread_and_each_commits() throws Exception {
        Database db = open(SqlDialect.SQLITE);
        Set<String> ranOn = ConcurrentHashMap.newKeySet();
        List<Future<Integer>> writes = new ArrayList<>();
        for (int caller = 0; caller < 6; caller++) {
            int n = caller;
            writes.add(callers.submit(() -> {
                int rows = 0;
                for (int i = 0; i < 20; i++) {
                    String symbol = "S" + n + "_" + i;
                    rows += db.inWriteTransaction("adding " + symbol, c -> {
                        ranOn.add(Thread.currentThread().getName());
                        return insertUniverse(c, symbol);
                    });
                }
                return rows;
            }));
        }
        for (Future<Integer> w : writes) {
            assertThat(w.get()).as("each caller is told its own rows").isEqualTo(20);
        }
        assertThat(ranOn).containsExactly("ingest-db-writes");
        assertThat(count(db)).isEqualTo(120);
    }

    @Test
    void on_postgresql_writers_run_side_by_side_on_their_own_threads() throws Exception {
        Database db = open(SqlDialect.POSTGRESQL);
        AtomicReference<String> ranOn = new AtomicReference<>();
        db.inWriteTransaction("adding AAPL", c -> {
            ranOn.set(Thread.currentThread().getName());
            return insertUniverse(c, "AAPL");
        });
        assertThat(ranOn.get()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void a_failed_transaction_is_rolled_back_and_its_caller_gets_the_failure_naming_what_failed() throws SQLException {
        Database db = open(SqlDialect.SQLITE);
        assertThatThrownBy(() -> db.inWriteTransaction("writing 1 bars", c -> {
            insertUniverse(c, "AAPL");
            throw new SQLException("disk I/O error", "HY000", 10);
        })).isInstanceOf(StoreException.class).hasMessageContaining("writing 1 bars failed")
                .hasRootCauseMessage("disk I/O error");
        IllegalStateException mine = new IllegalStateException("a bug of the work itself");
        assertThatThrownBy(() -> db.inWriteTransaction("x", c -> {
            insertUniverse(c, "MSFT");
            throw mine;
        })).as("the very exception, not a wrapper").isSameAs(mine);
        assertThat(count(db)).isZero();
    }

    @Test
    void work_handed_over_from_the_writer_thread_itself_runs_in_place_rather_than_waiting_for_itself() throws SQLException {
        WriterThread writer = writer(Duration.ofSeconds(5));
        assertThat(writer.run(() -> {
            try {
                return writer.run(() -> 42);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        })).isEqualTo(42);
    }

    @Test
    void a_failure_on_the_writer_thread_reaches_its_caller_as_it_was_and_names_the_caller() throws Exception {
        WriterThread writer = writer(Duration.ofSeconds(5));
        AssertionError error = new AssertionError("an Error is not wrapped either");
        Future<Throwable> caught = callers.submit(() -> {
            Thread.currentThread().setName("batch-7");
            try {
                writer.run(() -> {
                    throw error;
                });
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Throwable t = caught.get(10, TimeUnit.SECONDS);
        assertThat(t).isSameAs(error);
        assertThat(t.getSuppressed()).hasSize(1);
        assertThat(t.getSuppressed()[0]).isInstanceOf(WriterThread.HandedOver.class).hasMessage("handed to spec-writes by batch-7");
    }

    @Test
    void an_interrupted_caller_still_gets_its_turn_and_its_outcome_and_keeps_the_interrupt() throws Exception {
        WriterThread writer = writer(Duration.ofSeconds(30));
        // interrupted before it asks, the writer idle: it runs, as a free pool connection was taken
        Future<String> idle = callers.submit(() -> {
            Thread.currentThread().interrupt();
            String r = writer.run(() -> "committed");
            return r + (Thread.currentThread().isInterrupted() ? ", interrupted" : "");
        });
        assertThat(idle.get(10, TimeUnit.SECONDS)).isEqualTo("committed, interrupted");
        // interrupted while queued behind another transaction: it waits for its turn
        CountDownLatch release = occupy(writer);
        AtomicReference<Thread> callerThread = new AtomicReference<>();
        Future<String> queued = callers.submit(() -> {
            callerThread.set(Thread.currentThread());
            String r = writer.run(() -> "committed");
            return r + (Thread.currentThread().isInterrupted() ? ", interrupted" : "");
        });
        waitUntilWaiting(callerThread);
        callerThread.get().interrupt();
        Thread.sleep(200);
        assertThat(queued.isDone()).isFalse();
        release.countDown();
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("committed, interrupted");
    }

    @Test
    void a_caller_interrupted_while_its_transaction_runs_waits_for_its_outcome_and_keeps_the_interrupt() throws Exception {
        WriterThread writer = writer(Duration.ofSeconds(30));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> callerThread = new AtomicReference<>();
        Future<String> outcome = callers.submit(() -> {
            callerThread.set(Thread.currentThread());
            String r = writer.run(() -> {
                started.countDown();
                await(release);
                return "committed";
            });
            return r + (Thread.currentThread().isInterrupted() ? ", interrupted" : "");
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        callerThread.get().interrupt();
        Thread.sleep(200);
        assertThat(outcome.isDone()).as("still waiting: it cannot know yet whether its page is durable").isFalse();
        release.countDown();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("committed, interrupted");
    }

    @Test
    void a_transaction_whose_turn_does_not_come_in_time_never_runs_and_fails_as_an_outage() throws Exception {
        WriterThread writer = writer(Duration.ofMillis(300));
        CountDownLatch release = occupy(writer);
        AtomicBoolean ran = new AtomicBoolean();
        Throwable timedOut = org.assertj.core.api.Assertions.catchThrowable(() -> writer.run(() -> ran.getAndSet(true)));
        assertThat(timedOut).isInstanceOf(SQLTransientConnectionException.class).hasMessageContaining("within 300 ms");
        assertThat(DatabaseFault.of(timedOut)).as("tried again, as the pool's timeout was").isEqualTo(DatabaseFault.UNAVAILABLE);
        release.countDown();
        assertThat(writer.run(() -> "after")).isEqualTo("after");   // the queue has moved past it
        assertThat(ran).as("given up before its turn, it never ran").isFalse();
    }

    @Test
    void a_transaction_that_started_in_time_is_waited_for_however_long_it_runs() throws Exception {
        WriterThread writer = writer(Duration.ofMillis(300));
        CountDownLatch release = occupy(writer);
        Future<String> late = callers.submit(() -> writer.run(() -> {
            sleep(800);   // runs well past the turn's timeout
            return "committed";
        }));
        Thread.sleep(150);
        release.countDown();   // its turn comes within the timeout ...
        assertThat(late.get(10, TimeUnit.SECONDS)).as("... so its caller is told how it ended").isEqualTo("committed");
    }

    @Test
    void closing_lets_the_transactions_handed_over_end_then_refuses_new_ones_as_a_closed_pool_not_an_outage() throws Exception {
        WriterThread writer = new WriterThread("spec-writes", Duration.ofSeconds(30));
        CountDownLatch release = occupy(writer);
        AtomicReference<Thread> callerThread = new AtomicReference<>();
        Future<String> queued = callers.submit(() -> {
            callerThread.set(Thread.currentThread());
            return writer.run(() -> "done");
        });
        waitUntilWaiting(callerThread);
        AtomicReference<Thread> closingThread = new AtomicReference<>();
        Future<?> closing = callers.submit(() -> {
            closingThread.set(Thread.currentThread());
            writer.close();
        });
        waitUntilWaiting(closingThread);
        assertThat(closing.isDone()).as("close waits for them").isFalse();
        release.countDown();
        closing.get(10, TimeUnit.SECONDS);
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("done");
        Throwable late = org.assertj.core.api.Assertions.catchThrowable(() -> writer.run(() -> "late"));
        assertThat(late).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        assertThat(DatabaseFault.of(late)).isEqualTo(DatabaseFault.FAILED);
    }

    @Test
    void a_write_after_its_database_is_closed_fails_naming_it_and_starts_no_outage() {
        Database db = open(SqlDialect.SQLITE);
        db.close();
        assertThatThrownBy(() -> db.inWriteTransaction("writing 1 bars", c -> insertUniverse(c, "AAPL")))
                .isInstanceOf(StoreException.class).hasMessageContaining("writing 1 bars failed")
                .satisfies(e -> assertThat(DatabaseFault.of(e)).isEqualTo(DatabaseFault.FAILED));
    }

    // --- helpers

    private Database open(SqlDialect dialect) {
        TestDatabase fresh = TestDatabase.migrated(dialect, dir);
        toClose.add(fresh);
        Database db = Database.open(fresh.url(), 4);
        toClose.add(0, db);
        return db;
    }

    private WriterThread writer(Duration turn) {
        WriterThread w = new WriterThread("spec-writes", turn);
        toClose.add(w);
        return w;
    }

    /** Holds the writer thread in a transaction until the latch returned is counted down. */
    private CountDownLatch occupy(WriterThread writer) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        callers.submit(() -> writer.run(() -> {
            started.countDown();
            await(release);
            return null;
        }));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Until the thread (once known) is parked: waiting for its turn or its outcome. */
    private static void waitUntilWaiting(AtomicReference<Thread> thread) throws InterruptedException {
        waitUntil(() -> thread.get() != null && (thread.get().getState() == Thread.State.WAITING
                || thread.get().getState() == Thread.State.TIMED_WAITING));
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    private static int insertUniverse(java.sql.Connection c, String symbol) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO universe (source, symbol, added_at) VALUES ('src', ?, '2026-11-24T15:00:00Z')")) {
            ps.setString(1, symbol);
            return ps.executeUpdate();
        }
    }

    private static long count(Database db) throws SQLException {
        try (var c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM universe")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
