package com.marketbars.ingest.cluster;

import com.marketbars.ingest.checkpoint.Fence;
import com.marketbars.ingest.checkpoint.StaleLeaseException;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.errors.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Tells a checkpoint advance the database refused for a stale fence from one that had nothing to move. The advance
 * ({@code checkpoint.advance}) carries the {@link Fence} its work started under - a feed lease's epoch, a backfill
 * shard's take - and writes nothing unless the lease still has it, in the same statement; when it wrote no row,
 * either every cursor was already there or the fence is stale - the lease tells which. Epochs and takes only grow, so
 * a lease that has another one now had it at the refusal too.
 */
public final class LeaseFence {
    private final Database db;

    public LeaseFence(Database db) {
        this.db = db;
    }

    /**
     * After an advance that wrote {@code rows} rows under {@code fence} (null: not fenced).
     *
     * @throws StaleLeaseException when the lease the fence names has moved on
     */
    public void advanced(Fence fence, Integer rows) {
        if (fence == null || rows == null || rows > 0) {
            return;
        }
        String now = movedOn(fence);
        if (now != null) {
            throw new StaleLeaseException("the checkpoint advance under " + fence + " was refused: " + now);
        }
    }

    /**
     * Who has the lease {@code fence} names now, when that is no longer the fence's holder - "feed F is under epoch 2
     * now (last taken by pid N at HOST)", "shard 3 of backfill job 7 is leased to 456@host-b now (take 2)" - or null
     * while the lease still has the fence.
     */
    public String movedOn(Fence fence) {
        if (fence instanceof Fence.FeedLease feed) {
            return feedMovedOn(feed);
        }
        return shardMovedOn((Fence.ShardLease) fence);
    }

    private String feedMovedOn(Fence.FeedLease fence) {
        return read("the lease of feed " + fence.feed(), "lease.epoch", rs -> {
            boolean found = rs.next();
            long current = found ? rs.getLong(1) : 0;
            if (current == fence.epoch()) {
                return null;
            }
            String holder = found && rs.getString(2) != null ? rs.getString(2) : "no instance";
            return "feed " + fence.feed() + " is under epoch " + current + " now (last taken by " + holder + ")";
        }, fence.feed());
    }

    private String shardMovedOn(Fence.ShardLease fence) {
        String shard = "shard " + fence.shard() + " of backfill job " + fence.job();
        return read("the lease of " + shard, "backfill.lease", rs -> {
            if (!rs.next()) {
                return shard + " is gone";
            }
            String owner = rs.getString(1);
            int take = rs.getInt(2);
            String state = rs.getString(3);
            if (state.equals("leased") && fence.owner().equals(owner) && take == fence.take()) {
                return null;
            }
            return switch (state) {
                case "leased" -> shard + " is leased to " + owner + " now (take " + take + ")";
                case "done" -> shard + " is done (finished under take " + take + (owner == null ? "" : " by " + owner) + ")";
                default -> shard + " was given back (" + state + " after take " + take + ")";
            };
        }, fence.job(), fence.shard());
    }

    private interface Answer {
        String of(ResultSet rs) throws SQLException;
    }

    private String read(String what, String key, Answer answer, Object... parameters) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(db.sql(key))) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return answer.of(rs);
            }
        } catch (SQLException e) {
            throw new StoreException("reading " + what + " failed", e);
        }
    }
}
