package com.marketbars.ingest.errors;

import com.fasterxml.jackson.core.JacksonException;
import com.marketbars.ingest.providers.ResponseSizeLimit;
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

    /** A 401/403: the API keys are wrong or lack the entitlement; every request would fail alike. */
    public boolean isCredentialFailure(Exchange exchange) {
        HttpOperationFailedException h = httpFailure(caught(exchange));
        return h != null && (h.getStatusCode() == 401 || h.getStatusCode() == 403);
    }

    /**
     * What the vendor did: answered with an HTTP error, a page that does not parse or breaks the protocol (a page
     * token that loops), or not at all (I/O).
     */
    public static boolean isVendorFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpOperationFailedException || c instanceof JacksonException || c instanceof IOException
                    || c instanceof VendorProtocolException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The vendor refused the request itself (400, 404, 422 ...): asking again unchanged would fail again, but a
     * smaller request without the symbol it objects to may not.
     */
    public static boolean isRefusal(Throwable t) {
        HttpOperationFailedException h = httpFailure(t);
        if (h == null) {
            return false;
        }
        int s = h.getStatusCode();
        return s >= 400 && s < 500 && s != 401 && s != 403 && s != 408 && s != 429;
    }

    /**
     * What an outage looks like - 5xx, 408, I/O errors such as timeouts and refused connections - as opposed to a
     * quota answer (429) or a refusal (4xx), which say the vendor is up. Only these count towards opening the
     * circuit breaker.
     */
    public static boolean isOutageSymptom(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpOperationFailedException h) {
                return h.getStatusCode() == 408 || h.getStatusCode() >= 500;
            }
            if (c instanceof JacksonException || c instanceof ResponseSizeLimit.ResponseTooLargeException) {
                return false;   // a page that does not parse or is too large: the vendor answered (both are IOExceptions)
            }
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
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
            return "HTTP " + h.getStatusCode() + (body.isEmpty() ? "" : ": " + abbreviate(body, 300));
        }
        Throwable root = t;
        for (Throwable c = t; c != null; c = c.getCause()) {
            root = c;
            if (c instanceof JacksonException || c instanceof IOException) {
                break;
            }
        }
        return abbreviate(root.getClass().getSimpleName() + ": " + root.getMessage(), 300);
    }

    private static String abbreviate(String s, int max) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
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
