package com.marketbars.ingest.store;

import com.marketbars.ingest.model.Text;
import com.marketbars.ingest.errors.DatabaseUnavailableException;
import com.marketbars.ingest.errors.DatabaseFault;
import com.marketbars.ingest.errors.FailureKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Rides out transient database failures (a lost connection, a server restart or failover, a serialization failure,
 * SQLITE_BUSY past the busy timeout): work that ends on one is tried again with exponential backoff, for at most
 * {@code ingest.db.max-outage}; then a {@link DatabaseUnavailableException} says since when. The work is idempotent
 * (a catch-up re-plans from its checkpoints, and writes are ON CONFLICT DO NOTHING), so trying again is safe.
 * <p>
 * It is also where the process keeps what it knows of the database's health: "unavailable since ..." for JMX, the
 * health check and the log, from the first failure until work on the database succeeds again.
 */
public final class DatabaseOutage {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutage.class);
    private static final long SLEEP_STEP_MILLIS = 200;

    private final Duration maxOutage;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Clock clock;
    private final BooleanSupplier keepTrying;

    private volatile Instant since;
    private volatile String cause;
    private volatile OutageMarker marker;
    /** When work on the database last succeeded (a write committed, an attempt ended well). */
    private volatile Instant lastAvailable;

    /**
     * @param keepTrying false once trying again is pointless (the process is stopping): the failure is thrown at once
     */
    public DatabaseOutage(Duration maxOutage, Duration initialDelay, Duration maxDelay, Clock clock, BooleanSupplier keepTrying) {
        this.maxOutage = maxOutage;
        this.initialDelay = initialDelay.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : initialDelay;
        this.maxDelay = maxDelay.compareTo(this.initialDelay) < 0 ? this.initialDelay : maxDelay;
        this.clock = clock;
        this.keepTrying = keepTrying;
    }

    /**
     * Runs {@code work}; while it fails because the database is unavailable, runs it again after a backoff
     * ({@code ingest.retry.initial-delay}, doubled up to {@code ingest.retry.max-delay}), for at most
     * {@code ingest.db.max-outage} from its first such failure. Any other failure is thrown at once.
     *
     * @throws DatabaseUnavailableException when the database is still unavailable past the bound
     */
    public <T> T rideOut(String what, Supplier<T> work) {
        Instant firstFailure = null;
        Duration delay = initialDelay;
        while (true) {
            Instant attemptStart = clock.instant();
            try {
                T result = work.get();
                available();
                return result;
            } catch (RuntimeException e) {
                FailureKind kind = FailureKind.of(e);
                if (kind != FailureKind.DATABASE_UNAVAILABLE || e instanceof DatabaseUnavailableException) {
                    throw e;
                }
                Instant answered = lastAvailable;
                if (since != null || answered == null || !answered.isAfter(attemptStart)) {
                    unavailable(e);   // else the database has answered since this attempt's failure: no new outage
                }
                Instant now = clock.instant();
                if (firstFailure == null) {
                    firstFailure = now;
                }
                Duration left = maxOutage.minus(Duration.between(firstFailure, now));
                if (left.isNegative() || left.isZero() || !keepTrying.getAsBoolean()) {
                    throw new DatabaseUnavailableException(since == null ? firstFailure : since, maxOutage, e);
                }
                Duration wait = delay.compareTo(left) < 0 ? delay : left;
                Instant from = since;
                if (from != null) {
                    LOG.warn("database unavailable since {} ({}); {} is tried again in {} (gives up after {})",
                            from, cause, what, wait, maxOutage);
                } else {
                    LOG.warn("{} ended on a database failure ({}), though the database has answered since; tried again in {}",
                            what, describe(e), wait);
                }
                if (!sleep(wait)) {
                    throw new DatabaseUnavailableException(since == null ? firstFailure : since, maxOutage, e);
                }
                delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
            }
        }
    }

    /** Also tells other processes (status) of each outage, through this marker file. */
    public DatabaseOutage markedIn(OutageMarker marker) {
        this.marker = marker;
        return this;
    }

    /** Notes a failure of the database: it is unavailable from now, or since it first was. */
    public void unavailable(Throwable failure) {
        cause = describe(failure);
        if (since == null) {
            synchronized (this) {
                if (since == null) {
                    since = clock.instant();
                    LOG.warn("database unavailable: {}", cause);
                    OutageMarker m = marker;
                    if (m != null) {
                        m.write(since, cause);
                    }
                }
            }
        }
    }

    /** Notes that work on the database succeeded: it is available again. */
    public void available() {
        lastAvailable = clock.instant();
        Instant was = since;
        if (was != null) {
            synchronized (this) {
                if (since != null) {
                    LOG.info("database available again, after {} (unavailable since {})",
                            Duration.between(since, clock.instant()).withNanos(0), since);
                    since = null;
                    cause = null;
                    OutageMarker m = marker;
                    if (m != null) {
                        m.delete();
                    }
                }
            }
        }
    }

    /** When the current outage began, or null while the database is available. */
    public Instant since() {
        return since;
    }

    /** "database unavailable since T: cause", or empty while the database is available. */
    public String describe() {
        Instant s = since;
        return s == null ? "" : "database unavailable since " + s + ": " + cause;
    }

    /** The driver's words for a database failure, in one line; never Camel's exchange dump. */
    private static String describe(Throwable failure) {
        DatabaseFault.Diagnosis d = DatabaseFault.diagnose(failure);
        return d == null || d.cause() == null ? oneLine(com.marketbars.ingest.errors.FailureDescription.of(failure))
                : d.cause().getClass().getSimpleName() + ": " + oneLine(d.cause().getMessage());
    }

    private boolean sleep(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        try {
            for (long left; (left = until - System.nanoTime()) > 0; ) {
                if (!keepTrying.getAsBoolean()) {
                    return false;
                }
                Thread.sleep(Math.min(SLEEP_STEP_MILLIS, Math.max(1, left / 1_000_000)));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : Text.oneLine(s, 200);
    }
}
