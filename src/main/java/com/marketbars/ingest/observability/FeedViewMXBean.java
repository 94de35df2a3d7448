package com.marketbars.ingest.observability;

/**
 * One source over JMX ({@code market-bars-ingest:type=Feed,name=NAME}): where it is, how far behind, what its
 * last window did, running totals since start-up, and the operator's controls.
 */
public interface FeedViewMXBean {
    String getFeed();

    /** The oldest checkpoint of the universe's symbols (ISO-8601), or empty before the first window. */
    String getCheckpoint();

    /** Seconds between the oldest checkpoint and now; -1 before the first window. */
    long getLagSeconds();

    /** Symbols of the universe now (the universe table: configured, or the vendor's list as last refreshed). */
    int getSymbols();

    /** Symbols of the universe that have no checkpoint yet. */
    int getSymbolsNeverIngested();

    /** The last completed window: "[start, end) N symbols, took M ms", or empty. */
    String getLastWindow();

    /** ISO-8601 time the last window completed, or empty. */
    String getLastWindowCompletedAt();

    long getWindowsCompleted();

    long getBarsNew();

    long getBarsDuplicate();

    long getBarsRevised();

    long getBarsRejected();

    long getBatchesDeadLettered();

    /** Bars in data_quality by the rule they broke (all sources of the database, since it was made). */
    java.util.Map<String, Long> getQuarantinedByRule();

    /** False while paused by an operator or stopped because the vendor refused the keys. */
    boolean isRunning();

    /** Why it is not running, or empty. */
    String getStoppedReason();

    /**
     * Set while the source's last window is held because the vendor's bars break their contract (a rejection storm):
     * the window, the rules, the count and an example bar. Empty once a window of the source passes.
     */
    String getVendorContractBroken();

    /**
     * Starts a catch-up now instead of at the next schedule tick (coalesced with one already waiting) - on the instance
     * that leads the source; a standby says so and starts nothing.
     */
    String runNow();

    /** No new catch-up or retry pass starts until resume(); one in progress finishes its window. */
    String pause();

    String resume();
}
