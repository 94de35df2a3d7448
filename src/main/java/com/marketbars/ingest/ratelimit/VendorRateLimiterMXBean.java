package com.marketbars.ingest.ratelimit;

/** The vendor quota as an operator sees it in jconsole: {@code market-bars-ingest:type=RateLimiter,endpoint=...}. */
public interface VendorRateLimiterMXBean {
    String getEndpoint();

    boolean isEnabled();

    int getLimit();

    long getPeriodMillis();

    int getPermitsAvailable();

    int getInFlight();

    /** ISO instant until which no request starts, or empty when not paused. */
    String getPausedUntil();

    long getRequests();

    long getRequestsInLastPeriod();

    long getRateLimitedResponses();
}
