package com.marketbars.ingest.store;

import com.marketbars.ingest.errors.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code universe} rows of one feed: the symbols its scheduled runs ingest, kept in step with its configuration. */
public final class UniverseStore {
    private final Database db;
    private final Clock clock;
    private final String feed;

    public UniverseStore(Database db, Clock clock, String feed) {
        this.db = db;
        this.clock = clock;
        this.feed = feed;
    }

    /** Makes the table hold exactly these symbols; returns how many were added and removed. */
    public int[] sync(List<String> symbols) {
        Set<String> wanted = new HashSet<>(symbols);
        Set<String> present = new HashSet<>(load());
        return db.inWriteTransaction("updating the universe", c -> {
            int added = 0;
            int removed = 0;
            try (PreparedStatement ins = c.prepareStatement(db.sql("universe.insert"));
                 PreparedStatement del = c.prepareStatement(db.sql("universe.delete"))) {
                String now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
                for (String s : wanted) {
                    if (!present.contains(s)) {
                        ins.setString(1, feed);
                        ins.setString(2, s);
                        ins.setString(3, now);
                        ins.addBatch();
                        added++;
                    }
                }
                for (String s : present) {
                    if (!wanted.contains(s)) {
                        del.setString(1, feed);
                        del.setString(2, s);
                        del.addBatch();
                        removed++;
                    }
                }
                ins.executeBatch();
                del.executeBatch();
            }
            return new int[] {added, removed};
        });
    }

    public List<String> load() {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(db.sql("universe.select"))) {
            ps.setString(1, feed);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading the universe failed", e);
        }
        return out;
    }
}
