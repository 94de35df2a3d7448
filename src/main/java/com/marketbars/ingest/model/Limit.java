package com.marketbars.ingest.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * One limit of a vendor account's quota: at most {@code requests} in any window of length {@code period}, written
 * {@code 200/PT1M}. Every limit of an account holds at once (see {@link Quota}).
 */
public record Limit(int requests, Duration period) implements Comparable<Limit> {
    public Limit {
        if (requests < 1) {
            throw new IllegalArgumentException("a limit allows at least one request, not " + requests);
        }
        if (period.compareTo(Duration.ofMillis(1)) < 0 || period.compareTo(Duration.ofDays(31)) > 0) {
            throw new IllegalArgumentException("a limit's period is between PT0.001S and P31D, not " + period);
        }
    }

    /** {@code 30/PT1S}, {@code 800/P1D}. */
    public static Limit parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash < 1) {
            throw new IllegalArgumentException("'" + t + "' is not REQUESTS/PERIOD, e.g. 200/PT1M");
        }
        int requests;
        try {
            requests = Integer.parseInt(t.substring(0, slash).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "': " + t.substring(0, slash).trim() + " is not a whole number of requests");
        }
        Duration period;
        try {
            period = Duration.parse(t.substring(slash + 1).trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + t + "': the period is not an ISO-8601 duration such as PT1S, PT1M or P1D");
        }
        return new Limit(requests, period);
    }

    public long periodMillis() {
        return period.toMillis();
    }

    /** This limit with fewer requests (the vendor says it allows fewer): never more than configured. */
    Limit loweredTo(int vendorRequests) {
        return vendorRequests >= 1 && vendorRequests < requests ? new Limit(vendorRequests, period) : this;
    }

    @Override
    public int compareTo(Limit o) {
        int c = period.compareTo(o.period);
        return c != 0 ? c : Integer.compare(requests, o.requests);
    }

    @Override
    public String toString() {
        return requests + "/" + period;
    }
}
