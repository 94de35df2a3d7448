package com.marketbars.ingest.universe;

import java.util.List;

/**
 * A feed's universe over JMX ({@code market-bars-ingest:type=Universe,name=FEED}): its size, where it comes from, its
 * last refresh and the symbols that refresh added and removed.
 */
public interface UniverseViewMXBean {
    String getFeed();

    /** {@code vendor:us_equity (https://paper-api.alpaca.markets)}, or {@code configured}. */
    String getSource();

    /** Symbols the feed ingests now. */
    int getSize();

    /** When the last refresh ran (ISO-8601), or empty. */
    String getLastRefreshAt();

    /** applied, refused or failed, or empty before the first refresh. */
    String getLastRefreshOutcome();

    /** What the last refresh read, or why it was refused or failed. */
    String getLastRefreshDetail();

    /** When the universe was last made from the vendor's list (ISO-8601), or empty. */
    String getLastAppliedAt();

    /** Symbols the last applied refresh added (the first 50; the count is {@link #getLastAddedCount()}). */
    List<String> getLastAdded();

    int getLastAddedCount();

    /** Symbols the last applied refresh removed (the first 50). */
    List<String> getLastRemoved();

    int getLastRemovedCount();
}
