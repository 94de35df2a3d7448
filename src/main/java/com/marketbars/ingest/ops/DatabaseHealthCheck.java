package com.marketbars.ingest.ops;

import com.marketbars.ingest.store.Database;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** Readiness: the database answers a query within two seconds. */
public final class DatabaseHealthCheck extends AbstractHealthCheck {
    private final Database db;

    public DatabaseHealthCheck(Database db) {
        super("ingest", "database");
        this.db = db;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("schema.version", db.schemaVersion());
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(2);
            st.execute("SELECT 1");
            builder.up();
        } catch (SQLException e) {
            builder.message("database not reachable: " + e.getMessage()).down();
        }
    }
}
