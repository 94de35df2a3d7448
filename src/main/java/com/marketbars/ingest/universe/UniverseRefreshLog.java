package com.marketbars.ingest.universe;

import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.errors.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code universe_refresh} rows: every refresh of a vendor universe, applied, refused or failed. */
public final class UniverseRefreshLog {
    /** How many of the symbols added or removed a row names; the counts are whole. */
    static final int NAMED = 50;

    public enum Outcome { APPLIED, REFUSED, FAILED }

    /** One refresh. {@code added} and {@code removed} name at most {@link #NAMED} symbols each; the counts are whole. */
    public record Refresh(Instant at, Outcome outcome, int size, int addedCount, int removedCount, List<String> added,
                         List<String> removed, String detail) {
    }

    private final Database db;

    public UniverseRefreshLog(Database db) {
        this.db = db;
    }

    public void record(String feed, Refresh r) {
        db.inWriteTransaction("recording a universe refresh", c -> {
            try (PreparedStatement ps = c.prepareStatement(db.sql("universe.refresh.insert"))) {
                ps.setString(1, feed);
                ps.setString(2, r.at().toString());
                ps.setString(3, r.outcome().name().toLowerCase(java.util.Locale.ROOT));
                ps.setInt(4, r.size());
                ps.setInt(5, r.addedCount());
                ps.setInt(6, r.removedCount());
                ps.setString(7, String.join(",", r.added().stream().limit(NAMED).toList()));
                ps.setString(8, String.join(",", r.removed().stream().limit(NAMED).toList()));
                ps.setString(9, r.detail());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The feed's last refresh, whatever its outcome. */
    public Optional<Refresh> last(String feed) {
        return read("universe.refresh.last", feed);
    }

    /** The feed's last applied refresh: when its universe was last made from the vendor's list. */
    public Optional<Refresh> lastApplied(String feed) {
        return read("universe.refresh.last-applied", feed);
    }

    private Optional<Refresh> read(String statement, String feed) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(db.sql(statement))) {
            ps.setString(1, feed);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Refresh(Instant.parse(rs.getString(1)),
                        Outcome.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)), rs.getInt(3), rs.getInt(4),
                        rs.getInt(5), symbols(rs.getString(6)), symbols(rs.getString(7)), rs.getString(8)));
            }
        } catch (SQLException e) {
            throw new StoreException("reading the universe refreshes failed", e);
        }
    }

    private static List<String> symbols(String commaList) {
        return commaList == null || commaList.isEmpty() ? List.of() : List.of(commaList.split(","));
    }
}
