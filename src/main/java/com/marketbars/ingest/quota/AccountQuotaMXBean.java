package com.marketbars.ingest.quota;

import java.util.Map;

/**
 * A vendor account's quota as an operator sees it in jconsole: {@code market-bars-ingest:type=Account,name=...}.
 * The figures marked "all processes" come from the shared ledger (read at most once a second).
 */
public interface AccountQuotaMXBean {
    String getAccount();

    /** The configured limits, e.g. {@code 30/PT1S, 200/PT1M}; {@code none} when the account has no quota. */
    String getQuota();

    /** Per limit in force: requests sent within its last period, by all processes. */
    Map<String, Long> getSentInWindow();

    /** Per limit in force: slots held now (answered within the period, or in flight), by all processes. */
    Map<String, Long> getSlotsHeld();

    /** Requests in flight, all processes. */
    long getInFlight();

    /** ISO instant until which no process sends (the vendor asked to wait), or empty. */
    String getPausedUntil();

    /** 429 answers in the last hour, all processes. */
    long getRateLimitedLastHour();

    /** Requests this process sent since it started. */
    long getRequests();

    /** 429 answers this process received since it started. */
    long getRateLimitedResponses();

    /** Milliseconds this process waited for quota slots since it started. */
    long getWaitedMillis();
}
