package com.marketbars.ingest.ops;

import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.SqlDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Which process leads a feed now, read from the server (PostgreSQL): the session holding the feed's advisory lock,
 * whose {@code application_name} names the process ({@code market-bars-ingest pid N lock FEED}) and whose
 * {@code client_addr} is its host. For {@code status}: an operator sees where each feed runs without asking the
 * instances. On SQLite the lock is a file beside the database and tells no process, so only this process's own
 * leadership can be told.
 */
public final class FeedLeaders {
    private final Database db;
    private final boolean advisoryLocks;

    /**
     * @param advisoryLocks whether the instances lock their feeds in PostgreSQL ({@link SingleInstance#usesAdvisoryLocks}),
     *                      whose server names the holder; a file lock names none
     */
    public FeedLeaders(Database db, boolean advisoryLocks) {
        this.db = db;
        this.advisoryLocks = advisoryLocks && db.dialect() == SqlDialect.POSTGRESQL;
    }

    /**
     * Where the feed runs, as this instance tells it (the console): on PostgreSQL the server's answer, marked when it is
     * this process; with a file lock (SQLite, or {@code ingest.cluster.lock-dir} set) this instance, or another process
     * sharing the lock directory when this one stands by (the file lock names no process).
     */
    public String runsOn(String feed, boolean leadsHere) {
        String self = "pid " + ProcessHandle.current().pid();
        return describe(feed)
                // the pid alone does not tell: instances on other hosts (or containers, all pid 1) may share it
                .map(leader -> leadsHere && leader.startsWith(self + " at ") ? leader + " (this instance)" : leader)
                .orElse(leadsHere ? "this instance (" + self + ")" : "another process (this one stands by)");
    }

    /** What leads the feed: "pid N at HOST", "no instance (no daemon runs it)"; empty with a file lock. */
    public Optional<String> describe(String feed) {
        if (!advisoryLocks) {
            return Optional.empty();
        }
        try (Connection c = db.dataSource().getConnection()) {
            long key = AdvisoryLockSession.key(c, feed);
            try (PreparedStatement ps = c.prepareStatement("SELECT a.application_name, coalesce(host(a.client_addr), 'local socket')"
                    + AdvisoryLockSession.HOLDERS_OF_KEY)) {
                AdvisoryLockSession.bindKey(ps, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.of("no instance (no daemon leads this feed now)");
                    }
                    String[] words = rs.getString(1).split(" ");   // market-bars-ingest pid N lock FEED
                    String process = words.length > 2 && words[1].equals("pid") ? "pid " + words[2] : rs.getString(1);
                    return Optional.of(process + " at " + rs.getString(2));
                }
            }
        } catch (SQLException e) {
            return Optional.of("unknown (" + e.getMessage() + ")");
        }
    }
}
