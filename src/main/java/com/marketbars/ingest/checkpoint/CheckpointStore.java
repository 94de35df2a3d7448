package com.marketbars.ingest.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.errors.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-symbol cursors in {@code ingest_checkpoint}: for a cursor key and a symbol, every bar with
 * {@code ts < ingested_until} is durable. Stored in the same database as the bars, and only ever moved forward.
 */
public final class CheckpointStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final Clock clock;

    public CheckpointStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The cursor of each symbol that has one; symbols never ingested under this key are absent. */
    public Map<String, Instant> load(String cursorKey) {
        Map<String, Instant> out = new HashMap<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(db.sql("checkpoint.select"))) {
            ps.setString(1, cursorKey);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), Instant.parse(rs.getString(2)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading checkpoints of " + cursorKey + " failed", e);
        }
        return out;
    }

    /** Moves the cursor of these symbols to {@code until} in one statement; a cursor already further stays. */
    public void advance(String cursorKey, Collection<String> symbols, Instant until) {
        db.update("advancing checkpoints of " + cursorKey, "checkpoint.advance", advanceParameters(cursorKey, symbols, until));
    }

    /**
     * The parameters of the dialect's {@code checkpoint.advance}, by name: what the route's {@code advance-checkpoint}
     * step binds (as the {@code CamelJdbcParameters} header) and {@link #advance} binds alike.
     */
    public Map<String, Object> advanceParameters(String cursorKey, Collection<String> symbols, Instant until) {
        return advanceParameters(cursorKey, symbols, until, null);
    }

    /**
     * The same, fenced: the advance writes nothing unless the lease {@code fence} names still has it (null: not
     * fenced) - a leader that lost the feed, or a worker that lost the shard, while it worked moves no cursor
     * (cluster/LeaseFence tells the refusal).
     */
    public Map<String, Object> advanceParameters(String cursorKey, Collection<String> symbols, Instant until, Fence fence) {
        if (!until.equals(until.truncatedTo(ChronoUnit.MINUTES))) {
            // stored as Instant.toString() text: only whole minutes keep text order equal to time order
            throw new IllegalArgumentException("a cursor must be on a whole minute, got " + until);
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("source", cursorKey);
        p.put("symbols", JSON.valueToTree(List.copyOf(symbols)).toString());
        p.put("until", until.toString());
        p.put("updated_at", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        Fence.bind(fence, p);
        return p;
    }

    /** Forgets a cursor key entirely (a finished one-shot backfill). */
    public void delete(String cursorKey) {
        try (Connection c = db.writer().getConnection();
             PreparedStatement ps = c.prepareStatement(db.sql("checkpoint.delete"))) {
            ps.setString(1, cursorKey);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("deleting checkpoints of " + cursorKey + " failed", e);
        }
    }

    public List<String> cursorKeys() {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(db.sql("checkpoint.sources"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new StoreException("listing checkpoint sources failed", e);
        }
        return out;
    }
}
