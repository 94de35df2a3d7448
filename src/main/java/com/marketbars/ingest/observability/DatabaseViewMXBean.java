package com.marketbars.ingest.observability;

/** The database over JMX ({@code market-bars-ingest:type=Database,name=SOURCE}): where it is, and whether it answers. */
public interface DatabaseViewMXBean {
    /** The SQLite file or the PostgreSQL host:port/database (never a password). */
    String getLocation();

    String getSchemaVersion();

    /** ISO-8601 time the current outage began, or empty while the database is available. */
    String getUnavailableSince();

    /** "database unavailable since T: cause", or empty while the database is available. */
    String getProblem();
}
