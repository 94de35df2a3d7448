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
 * durability as if it had run the transaction itself.
 * <p>
 * Why a thread of its own: SQLite has one writer per file, so the transactions ran one at a time anyway, each on the
 * thread that asked - in a backfill, four batch threads taking turns on the writer connection, each turn handed to a
 * thread that had to be woken, and SQLite's pages and statements moving from core to core with it. On one thread the
 * writes ran 10-20% faster end to end on 2 cores (bench/ab-benchmark.sh, docs/benchmarks.md, 2026-11-29): the writer
 * spent less time off its core inside its transactions, and none waiting for a woken thread between them.
 * <p>
 * Waiting keeps the meaning the connection pool gave it: a transaction that has not started within {@code turnTimeout}
 * (the writer pool's connection timeout), or whose caller is interrupted before it starts, never runs and fails as a
 * pool would ({@link SQLTransientConnectionException}, or "interrupted" like Hikari's); once started, the caller waits
 * for its end whatever happens - an interrupt included, which it keeps - because a caller that left early could not
 * know whether its page was committed. A transaction that asks for another one (on the same database) runs it in place.
 */
final class WriterThread implements AutoCloseable {
    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int ABANDONED = 2;
    /** How long closing waits for the transactions handed over: as long as Hikari waits for connections in use. */
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
     * Runs {@code transaction} on the writer thread and returns its result, or throws what it threw.
     *
     * @throws SQLException when it never ran: its turn did not come within the timeout, the caller was interrupted
     *                      while waiting for it, or the database was closed
     */
    <T> T run(Supplier<T> transaction) throws SQLException {
        if (isCurrent()) {
            return transaction.get();
        }
        Turn<T> turn = new Turn<>(transaction);
        try {
            executor.execute(turn);
        } catch (RejectedExecutionException e) {
            throw new SQLException(name + " - the database is closed", "08003", e);
        }
        return turn.outcome();
    }

    @Override
    public void close() {
        // transactions already handed over still run (their callers wait for them); none are taken after this. Past
        // the wait the pools close under what is left, which then fails as on a closed pool
        executor.shutdown();
        try {
            executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One transaction handed over: queued, then run once - unless its caller gave up on it first. */
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
                        if (done.await(Math.min(Math.max(left, 0), TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS)) {
                            break;
                        }
                        if (left <= 0 && state.compareAndSet(QUEUED, ABANDONED)) {
                            throw new SQLTransientConnectionException(name + " - the writer did not take this transaction within "
                                    + turnTimeout.toMillis() + " ms");
                        }
                    } catch (InterruptedException e) {
                        if (state.compareAndSet(QUEUED, ABANDONED)) {
                            Thread.currentThread().interrupt();
                            throw new SQLException(name + " - interrupted while waiting for the writer", e);
                        }
                        interrupted = true;   // it has started: its outcome is waited for, the interrupt kept
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
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
