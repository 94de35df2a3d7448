package com.marketbars.ingest.errors;

import com.marketbars.ingest.model.Text;
import com.fasterxml.jackson.core.JacksonException;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.io.IOException;

/**
 * The routes' view of {@link FailureKind}: the bean {@code failureClassifier} their {@code onWhen} and {@code choice}
 * steps call with the exchange. Every decision is the kind's; these are thin wrappers. Also the one-line reason of a
 * failure, for logs and the DLQ.
 */
public final class FailureClassifier {

    /** Worth redelivering: {@link FailureKind#redelivered()} (a 429, an outage symptom, an answer that is not a page). */
    public boolean isTransient(Exchange exchange) {
        return kind(exchange).redelivered();
    }

    /** A 429: the vendor's quota, which the account quota waits out; never a reason to give a page up. */
    public boolean isRateLimited(Exchange exchange) {
        return kind(exchange) == FailureKind.RATE_LIMITED;
    }

    /** A 401/403: the API keys are wrong or lack the entitlement; every request would fail alike. */
    public boolean isCredentialFailure(Exchange exchange) {
        return kind(exchange).stopsSource();
    }

    /** A broken vendor contract (a rejection storm): its DLQ row is recorded, and its window is held too. */
    public boolean holdsWindow(Exchange exchange) {
        return kind(exchange).holdsWindow();
    }

    /** The kind of the exchange's failure (see {@link #caught}). */
    public static FailureKind kind(Exchange exchange) {
        return FailureKind.of(caught(exchange));
    }

    /**
     * One line saying why a request failed, for logs and the DLQ: the HTTP status and the start of the vendor's
     * answer, or the exception. It never holds request headers, so never a key.
     */
    public static String reason(Throwable t) {
        if (t == null) {
            return "unknown failure (no exception was recorded)";
        }
        HttpOperationFailedException h = httpFailure(t);
        if (h != null) {
            String body = h.getResponseBody() == null ? "" : h.getResponseBody().strip();
            return "HTTP " + h.getStatusCode() + (body.isEmpty() ? "" : ": " + Text.oneLine(body, 300));
        }
        Throwable root = t;
        for (Throwable c = t; c != null; c = c.getCause()) {
            root = c;
            if (c instanceof JacksonException || c instanceof IOException) {
                break;
            }
        }
        return Text.oneLine(root.getClass().getSimpleName() + ": " + root.getMessage(), 300);
    }

    /** The exchange's failure: the exception itself, or (in an onWhen, a doFinally) the one Camel caught. */
    public static Throwable caught(Exchange exchange) {
        Throwable t = exchange.getException();
        return t != null ? t : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    /** The HTTP failure in the cause chain, or null. */
    public static HttpOperationFailedException httpFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpOperationFailedException h) {
                return h;
            }
        }
        return null;
    }
}
