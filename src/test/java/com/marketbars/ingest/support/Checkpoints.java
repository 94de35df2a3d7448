package com.marketbars.ingest.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Reads ingest_checkpoint directly, as an operator with a SQL shell would. */
public final class Checkpoints {
    private Checkpoints() {
    }

    public static Map<String, Instant> of(String jdbcUrl, String cursorKey) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            return of(c, cursorKey);
        }
    }

    /** As {@link #of(String, String)}, on a connection the caller keeps open (a spec that polls: one connection, not one a poll). */
    public static Map<String, Instant> of(Connection c, String cursorKey) throws SQLException {
        Map<String, Instant> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT symbol, ingested_until FROM ingest_checkpoint WHERE source = ?")) {
            ps.setString(1, cursorKey);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), Instant.parse(rs.getString(2)));
                }
            }
        }
        return out;
    }

    /** How many checkpoint rows the cursors whose key starts with {@code prefix} have (a backfill job's shards). */
    public static long countWithPrefix(String jdbcUrl, String prefix) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM ingest_checkpoint WHERE source LIKE ?")) {
            ps.setString(1, prefix + "%");   // "_" in a feed name matches itself too: close enough for a spec
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
