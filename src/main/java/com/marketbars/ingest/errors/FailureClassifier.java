package com.marketbars.ingest.errors;

import com.fasterxml.jackson.core.JacksonException;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.io.IOException;

/**
 * Decides whether a failure is worth redelivering. Transient: I/O errors (timeouts, refused or reset
 * connections), HTTP 408, 429 and 5xx, and a body that does not parse (a page cut short). Everything else -
 * 400, 401/403 (wrong keys), 404, 422 - is permanent: asking again would only spend quota.
 */
public final class FailureClassifier {

    public boolean isTransient(Exchange exchange) {
        return isTransient(caught(exchange));
    }

    /** A 429: the vendor's quota, which the rate limiter waits out; never a reason to give a page up. */
    public boolean isRateLimited(Exchange exchange) {
        HttpOperationFailedException h = httpFailure(caught(exchange));
        return h != null && h.getStatusCode() == 429;
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

    public static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpOperationFailedException h) {
                int s = h.getStatusCode();
                return s == 408 || s == 429 || s >= 500;
            }
            if (c instanceof JacksonException || c instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
