package com.marketbars.ingest.observability;

import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.DatabaseOutage;

import java.time.Instant;

/** The JMX view of the database: what {@link DatabaseOutage} knows of its health, read without touching it. */
public final class DatabaseView implements DatabaseViewMXBean {
    private final Database db;
    private final DatabaseOutage outage;

    public DatabaseView(Database db, DatabaseOutage outage) {
        this.db = db;
        this.outage = outage;
    }

    @Override
    public String getLocation() {
        return db.location();
    }

    @Override
    public String getSchemaVersion() {
        return db.schemaVersion();
    }

    @Override
    public String getUnavailableSince() {
        Instant since = outage.since();
        return since == null ? "" : since.toString();
    }

    @Override
    public String getProblem() {
        return outage.describe();
    }
}
