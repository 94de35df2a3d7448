package com.marketbars.ingest.cluster;

import com.marketbars.ingest.checkpoint.StaleEpochException;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.errors.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Tells a checkpoint advance the database refused for a stale epoch from one that had nothing to move. The advance
 * ({@code checkpoint.advance}) carries the epoch its catch-up started under and writes nothing unless the feed's lease
 * still has that epoch, in the same statement; when it wrote no row, either every cursor was already there or the
 * epoch is stale - the lease tells which. Epochs only grow, so an epoch that differs now differed at the refusal too.
 */
public final class LeaseFence {
    private final Database db;

    public LeaseFence(Database db) {
        this.db = db;
    }

    /**
     * After an advance of {@code feed}'s checkpoints that wrote {@code rows} rows under {@code epoch} (null: not fenced).
     *
     * @throws StaleEpochException when the feed's lease is under another epoch now
     */
    public void advanced(String feed, Long epoch, Integer rows) {
        if (epoch == null || rows == null || rows > 0) {
            return;
        }
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(db.sql("lease.epoch"))) {
            ps.setString(1, feed);
            try (ResultSet rs = ps.executeQuery()) {
                boolean found = rs.next();
                long current = found ? rs.getLong(1) : 0;
                if (current != epoch) {
                    String holder = found && rs.getString(2) != null ? rs.getString(2) : "no instance";
                    throw new StaleEpochException("the checkpoint advance under epoch " + epoch + " was refused: feed "
                            + feed + " is under epoch " + current + " now (last taken by " + holder + ")");
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading the lease of " + feed + " failed", e);
        }
    }
}
