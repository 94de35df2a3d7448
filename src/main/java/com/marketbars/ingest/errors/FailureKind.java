package com.marketbars.ingest.errors;

import com.fasterxml.jackson.core.JacksonException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.io.IOException;
import java.sql.SQLException;

/**
 * What kind of failure ended an attempt: the one vocabulary of redelivery ({@code error-handling.camel.yaml}), the
 * circuit breaker ({@link VendorCircuitBreaker}), the dead-letter choice ({@code DeadLetterReporter}), the source stop
 * ({@code FeedControl}), riding out a database outage ({@code DatabaseOutage}) and the commands' exit codes.
 * <p>
 * {@link #of(Throwable)} walks the cause chain once, outermost first; the first exception it recognises decides. So a
 * database failure whose driver reports an I/O error underneath is a database failure, not a vendor outage.
 */
public enum FailureKind {
    /** 429: the vendor's quota. Redelivered without limit after the pause it asked for; never dead-lettered. */
    RATE_LIMITED,
    /** 5xx, 408, an I/O error (timeout, refused or reset connection): the vendor looks down. Redelivered; counts for the circuit. */
    VENDOR_OUTAGE,
    /** The vendor answered, but not a page: it does not parse, or it is larger than a page can be. Redelivered. */
    BAD_ANSWER,
    /** The vendor's answer breaks the protocol in a way asking again would repeat (a page token that loops). Dead-lettered at once. */
    PROTOCOL_VIOLATION,
    /**
     * The vendor's bars break their contract: the quality gate refused most of a page (a rejection storm, see
     * {@link VendorContractException}). Asking again at once gives the same page, so it is not redelivered; the batch
     * becomes a DLQ row, and its window is held as well ({@link #holdsWindow()}).
     */
    VENDOR_CONTRACT,
    /** 400, 404, 422 (any 4xx but 401/403/408/429): the vendor refuses the request itself; halving it can isolate the culprit. */
    REFUSED,
    /** 401, 403: the API keys are wrong; every request would be refused alike, so the source stops. */
    CREDENTIALS_REFUSED,
    /** The circuit breaker refused the call: nothing was asked. */
    CIRCUIT_OPEN,
    /** The database is unavailable for a while (lost connection, restart, failover, busy, serialization failure). Ridden out. */
    DATABASE_UNAVAILABLE,
    /** The database failed in a way trying again cannot cure (disk full, read-only, access or login refused, no such database). */
    DATABASE_FAILED,
    /** Anything else: our own failure (a bug, a bad argument). Not redelivered. */
    INTERNAL;

    /** The kind of a failure, by one walk of its cause chain; {@link #INTERNAL} when nothing in it is recognised (or null). */
    public static FailureKind of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            FailureKind k = ofOne(c);
            if (k != null) {
                return k;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return INTERNAL;
    }

    private static FailureKind ofOne(Throwable c) {
        if (c instanceof KnownFailure k) {
            return k.failureKind();
        }
        if (c instanceof HttpOperationFailedException h) {
            return ofStatus(h.getStatusCode());
        }
        if (c instanceof SQLException) {
            DatabaseFault f = DatabaseFault.of(c);
            return f.isTransient() ? DATABASE_UNAVAILABLE : DATABASE_FAILED;
        }
        if (c instanceof com.marketbars.ingest.errors.DatabaseUnavailableException) {
            return DATABASE_UNAVAILABLE;
        }
        if (c instanceof VendorProtocolException) {
            return PROTOCOL_VIOLATION;
        }
        if (c instanceof VendorContractException) {
            return VENDOR_CONTRACT;
        }
        if (c instanceof CallNotPermittedException) {
            return CIRCUIT_OPEN;
        }
        // an IOException, but the vendor answered, so no outage
        if (c instanceof JacksonException) {
            return BAD_ANSWER;
        }
        if (c instanceof IOException) {
            return VENDOR_OUTAGE;
        }
        return null;
    }

    private static FailureKind ofStatus(int s) {
        if (s == 429) {
            return RATE_LIMITED;
        }
        if (s == 401 || s == 403) {
            return CREDENTIALS_REFUSED;
        }
        if (s == 408 || s >= 500) {
            return VENDOR_OUTAGE;
        }
        if (s >= 400) {
            return REFUSED;
        }
        return PROTOCOL_VIOLATION;   // 1xx/3xx where a page was due: asking again gives the same
    }

    /** Worth asking again at once (the route's redelivery policy): the answer may differ next time. */
    public boolean redelivered() {
        return this == RATE_LIMITED || this == VENDOR_OUTAGE || this == BAD_ANSWER;
    }

    /** Counts towards opening the circuit breaker: what an outage of the vendor looks like. */
    public boolean countsAsOutage() {
        return this == VENDOR_OUTAGE;
    }

    /** The vendor answered, or failed to answer: something was learnt about the batch itself. */
    public boolean fromVendor() {
        return switch (this) {
            case RATE_LIMITED, VENDOR_OUTAGE, BAD_ANSWER, PROTOCOL_VIOLATION, VENDOR_CONTRACT, REFUSED, CREDENTIALS_REFUSED -> true;
            default -> false;
        };
    }

    /**
     * The batch keeps its window open (no DLQ row, no checkpoint move, tried again) rather than becoming a DLQ row:
     * nothing was learnt about the batch (the circuit refused the call, the database failed, a bug), or it is an outage
     * symptom while the circuit says the vendor is down - so an outage fills no DLQ.
     */
    public boolean keepsWindowOpen(boolean circuitClosed) {
        return !fromVendor() || countsAsOutage() && !circuitClosed;
    }

    /**
     * Dead-lettered, and still the window must not be checkpointed: a broken vendor contract. A DLQ row alone would let
     * the checkpoint pass a window of which nothing was stored, and the feed would move on reporting success; held, the
     * window is asked for again on the next trigger and completes once the vendor's bars fit again.
     */
    public boolean holdsWindow() {
        return this == VENDOR_CONTRACT;
    }

    /**
     * Asking for the symbols separately may get the others through (a refusal of a batch of several). Not a broken
     * contract: it breaks every symbol's bars alike, so halving would only turn one DLQ row into one per symbol.
     */
    public boolean isolatable() {
        return this == REFUSED;
    }

    /** Every request would fail alike: the source stops until the keys are fixed. */
    public boolean stopsSource() {
        return this == CREDENTIALS_REFUSED;
    }

    /** The database, not the vendor: ridden out when transient, the command's end when not. */
    public boolean database() {
        return this == DATABASE_UNAVAILABLE || this == DATABASE_FAILED;
    }
}
