package com.marketbars.ingest.cluster;

/**
 * A feed's lease over JMX ({@code market-bars-ingest:type=Lease,name=FEED}): which instance leads the feed, under
 * which epoch, when it last renewed, and how it got the feed - read from the lease table, so every instance tells
 * the same. Empty texts and -1 where the feed has never been led.
 */
public interface FeedLeaseMXBean {
    /** "pid N at HOST" of the holder, or empty when no instance leads the feed now (released, expired). */
    String getLeader();

    /** Whether this instance leads the feed. */
    boolean isLeadingHere();

    /** The lease's epoch: one more at every take; the fencing token of the leader's checkpoint advances. */
    long getEpoch();

    /** ISO-8601 time (the database's) of the holder's last renewal. */
    String getLastRenewal();

    /** ISO-8601 time (the database's) until which the holder leads unless it renews. */
    String getDeadline();

    /** "pid N at HOST" of the instance the holder took the feed from; empty for the first leader. */
    String getTakenFrom();

    /** Why the holder could take the feed: first, released, expired or died. */
    String getTakenBecause();

    /** The whole lease in one line, as status and the console tell it. */
    String getDescription();
}
