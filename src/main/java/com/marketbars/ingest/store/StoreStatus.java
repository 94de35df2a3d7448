package com.marketbars.ingest.store;

import com.marketbars.ingest.errors.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Read-only figures of one feed for {@code status}: its bars and its quarantined bars per rule (the DLQ's are
 * DeadLetterStore.stats).
 */
public final class StoreStatus {
    private final Database db;
    private final String feed;

    public StoreStatus(Database db, String feed) {
        this.db = db;
        this.feed = feed;
    }

    public long bars() {
        return single("bars.count", Map.of("source", feed));
    }

    /** Bars of the feed stamped at or after {@code since} (the console's "bars today"; on SQLite counted symbol by symbol). */
    public long barsSince(java.time.Instant since) {
        return single("bars.count-since", Map.of("source", feed, "since", since.toString()));
    }

    public Map<String, Long> quarantinedByRule() {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(db.sql("quality.count-by-rule"))) {
            ps.setString(1, feed);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("counting quarantined bars failed", e);
        }
        return out;
    }

    /** The one number statement {@code key} answers, its {@code :?name}s bound from {@code values}. */
    private long single(String key, Map<String, ?> values) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = NamedParameters.prepare(c, db.sql(key), values);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException(key + " failed", e);
        }
    }
}
