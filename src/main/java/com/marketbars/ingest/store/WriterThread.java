package com.marketbars.ingest.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The one thread that runs a SQLite database's write transactions ({@link Database#inWriteTransaction}): the calling
 * thread hands its transaction over and waits for its outcome, so a caller sees the same result, exception and
 * durability as if it had run the transaction itself (the exception carries a suppressed {@link HandedOver} naming the
 * caller, its own trace being the writer thread's).
 * <p>
 * Why a thread of its own: SQLite has one writer per file, so the transactions ran one at a time anyway, each on the
 * thread that asked - in a backfill, four batch threads taking turns on the writer connection, each turn handed to a
 * thread that had to be woken. On one thread the 5-day backfill ran about 10% faster on 2 cores (median of nine
 * alternating rounds, 1.07-1.26x; bench/ab-benchmark.sh, docs/benchmarks.md, 2026-11-29): its transactions spent about
 * 0.45 s off the core instead of 0.65 s, and the gaps between them shrank.
 * <p>
 * A caller waits for its transaction's end whatever happens, an interrupt included (it keeps the interrupt): one that
 * left early could not know whether its page was committed. A turn usually comes within a page write (the routes'
 * one-statement {@code jdbc:} steps take the writer connection directly, so a started turn may wait for one). Only a
 * transaction that has not started within {@code turnTimeout} (the writer pool's connection timeout) is given up: it
 * never runs, and its caller gets what the pool's wait gave, a {@link SQLTransientConnectionException} (the database
 * unavailable for now). After {@link #close()} a transaction is refused as on a closed pool (a failure, not an outage).
 * Work handed over from the writer thread itself runs in place rather than waiting for itself (a transaction of the
 * same database inside another still needs a second connection, which SQLite's one writer does not have).
 */
final class WriterThread implements AutoCloseable {
    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int ABANDONED = 2;
    /**
     * How long closing waits for the transactions handed over to end, so that they commit before the pools close.
     * Hikari's close aborts a connection still in use at once: a transaction still running past this wait is rolled
     * back, and its caller told so.
     */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final String name;
    private final Duration turnTimeout;
    private final ThreadPoolExecutor executor;
    private volatile Thread thread;

    WriterThread(String name, Duration turnTimeout) {
        this.name = name;
        this.turnTimeout = turnTimeout;
        // one thread, kept for the database's life; daemon, so that it never holds the JVM open on its own
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    /** True on the writer thread itself (a transaction's own work). */
    boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs {@code transaction} on the writer thread and returns its result, or throws what it threw (a checked
     * exception thrown past the compiler arrives in an IllegalStateException).
     *
     * @throws SQLException when it never ran: its turn did not come within the timeout, or the database was closed
     */
    <T> T run(Supplier<T> transaction) throws SQLException {
        if (isCurrent()) {
            return transaction.get();
        }
        Turn<T> turn = new Turn<>(transaction);
        try {
            executor.execute(turn);
        } catch (RejectedExecutionException e) {
            // no SQLState: a closed pool's failure (Hikari's has none), not an outage (08xxx would read as one)
            throw new SQLException(name + " - the database is closed", e);
        }
        return turn.outcome();
    }

    @Override
    public void close() {
        // transactions already handed over still run (their callers wait for them); none are taken after this. Past
        // the wait the pools close under what is left: a running one is rolled back, one not started fails at once
        executor.shutdown();
        try {
            executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The caller's trace beside a failure that happened on the writer thread. */
    static final class HandedOver extends Exception {
        HandedOver(String writer, String caller) {
            super("handed to " + writer + " by " + caller);
        }
    }

    /** One transaction handed over: queued, then run once - unless its turn did not come in time. */
    private final class Turn<T> implements Runnable {
        private final Supplier<T> transaction;
        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private final CountDownLatch done = new CountDownLatch(1);
        private T result;
        private Throwable failure;

        Turn(Supplier<T> transaction) {
            this.transaction = transaction;
        }

        @Override
        public void run() {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                return;   // its caller gave up before its turn came: it never runs
            }
            try {
                result = transaction.get();
            } catch (Throwable t) {   // handed to the caller as it is, an Error included
                failure = t;
            } finally {
                done.countDown();
            }
        }

        T outcome() throws SQLException {
            boolean interrupted = false;
            long deadline = System.nanoTime() + turnTimeout.toNanos();
            try {
                while (true) {
                    try {
                        if (state.get() == RUNNING) {
                            done.await();
                            break;
                        }
                        long left = deadline - System.nanoTime();
                        if (left <= 0 && state.compareAndSet(QUEUED, ABANDONED)) {
                            throw new SQLTransientConnectionException(name + " - the writer did not take this transaction within "
                                    + turnTimeout.toMillis() + " ms");
                        }
                        // until the deadline; by then it has ended, started (then waited for above) or is given up
                        if (done.await(Math.max(left, 0), TimeUnit.NANOSECONDS)) {
                            break;
                        }
                    } catch (InterruptedException e) {
                        interrupted = true;   // kept for the caller, once the outcome is known
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failure != null) {
                // the failure's own trace is the writer thread's: say which caller it failed for
                failure.addSuppressed(new HandedOver(name, Thread.currentThread().getName()));
            }
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);   // a checked exception thrown past the compiler
            }
            return result;
        }
    }
}
