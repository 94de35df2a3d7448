package com.marketbars.ingest.cluster;

import com.marketbars.ingest.store.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which process leads each feed now, read from the lease table ({@code feed_lease}, migration V13): the holder
 * ({@code pid N at HOST}), its epoch, its last renewal and how it got the feed. For {@code status}, the console and JMX:
 * an operator sees where each feed runs without asking the instances. With a file lock ({@code ingest.cluster.lock-dir})
 * there are no leases, and only this process's own leadership can be told.
 */
public final class FeedLeaders {
    private final Database db;
    private final boolean leases;

    /** A feed's lease as read: {@code holder} null when no instance holds it (never taken, released, expired). */
    public record Lease(String feed, long epoch, String holder, Instant renewedAt, Instant deadline, Instant takenAt,
                        String takenFrom, String takenBecause) {
        /** "pid N at HOST, epoch E, renewed T (lease until D), took it from P: WHY". */
        public String describe() {
            if (holder == null) {
                return "no instance (no daemon leads this feed now" + (epoch > 0 ? "; epoch " + epoch : "") + ")";
            }
            return holder + ", epoch " + epoch + ", renewed " + renewedAt + " (lease until " + deadline + ")"
                    + (takenBecause == null ? "" : ", took it from " + (takenFrom == null ? "no one" : takenFrom) + ": " + takenBecause);
        }
    }

    /** @param leases whether the instances lead their feeds by leases ({@link SingleInstance#usesLeases}) */
    public FeedLeaders(Database db, boolean leases) {
        this.db = db;
        this.leases = leases;
    }

    /**
     * Where the feed runs, as this instance tells it (the console): the lease table's answer, marked when it is this
     * process; with a file lock this instance, or another process sharing the lock directory when this one stands by.
     */
    public String runsOn(String feed, boolean leadsHere) {
        String self = "pid " + ProcessHandle.current().pid();
        return describe(feed)
                // the pid alone does not tell: instances on other hosts (or containers, all pid 1) may share it
                .map(leader -> leadsHere && leader.startsWith(self + " at ") ? leader + " (this instance)" : leader)
                .orElse(leadsHere ? "this instance (" + self + ")" : "another process (this one stands by)");
    }

    /** What leads the feed, {@link Lease#describe described}; empty with a file lock. */
    public Optional<String> describe(String feed) {
        if (!leases) {
            return Optional.empty();
        }
        try {
            Lease lease = all().get(feed);
            return Optional.of(lease == null ? "no instance (no daemon has led this feed yet)" : lease.describe());
        } catch (SQLException e) {
            return Optional.of("unknown (" + e.getMessage() + ")");
        }
    }

    /**
     * Every feed's lease by feed; a lease whose deadline has passed shows no holder (its holder leads no more, whether
     * or not another instance has taken the feed yet).
     */
    public Map<String, Lease> all() throws SQLException {
        Map<String, Lease> out = new LinkedHashMap<>();
        if (!leases) {
            return out;
        }
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(db.sql("lease.all"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long deadline = rs.getLong(5);
                long now = rs.getLong(10);
                String holder = rs.getString(3) != null && deadline >= now ? rs.getString(4) : null;
                out.put(rs.getString(1), new Lease(rs.getString(1), rs.getLong(2), holder, instant(rs, 6),
                        Instant.ofEpochMilli(deadline), instant(rs, 7), rs.getString(8), rs.getString(9)));
            }
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
