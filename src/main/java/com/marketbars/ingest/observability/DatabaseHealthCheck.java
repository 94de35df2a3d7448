package com.marketbars.ingest.observability;

import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.DatabaseOutage;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Readiness: the database answers a query within two seconds, and the ingest's own work on it is not failing (an
 * outage being ridden out shows as DOWN with "database unavailable since ...").
 */
public final class DatabaseHealthCheck extends AbstractHealthCheck {
    private final Database db;
    private final DatabaseOutage outage;

    public DatabaseHealthCheck(Database db) {
        this(db, null);
    }

    public DatabaseHealthCheck(Database db, DatabaseOutage outage) {
        super("ingest", "database");
        this.db = db;
        this.outage = outage;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("schema.version", db.schemaVersion());
        if (outage != null && outage.since() != null) {
            builder.detail("unavailable.since", outage.since().toString());
            builder.message(outage.describe()).down();
            return;
        }
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(2);
            st.execute("SELECT 1");
            builder.up();
        } catch (SQLException e) {
            builder.message("database not reachable: " + e.getMessage()).down();
        }
    }
}
