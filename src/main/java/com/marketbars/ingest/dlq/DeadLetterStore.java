package com.marketbars.ingest.dlq;

import com.marketbars.ingest.checkpoint.Fence;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ingest_dlq} table and its audit trail. Timestamps are stored as whole-second ISO text, one width,
 * so that comparing them as text compares them as times. A row leaves the DLQ only through
 * {@link #close(DeadLetter, String, String, String)}, which writes its audit line in the same transaction.
 */
public final class DeadLetterStore {
    private final Database db;
    private final Clock clock;

    public DeadLetterStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Records a failed request, due again at {@code nextRetryAt}, or parked at once when {@code parked}. The same
     * request recorded again (a window tried twice) updates the reason of its existing row.
     */
    public void record(String feed, ReplayRequest request, String reason, int retryCount, Instant nextRetryAt,
                       boolean parked) {
        db.update("recording a DLQ row", "dlq.insert", newRow(feed, request, reason, retryCount, nextRetryAt, parked));
    }

    /**
     * The parameters of the dialect's {@code dlq.insert}, by name: what the dead-letter route's {@code jdbc:} step
     * binds (as the {@code CamelJdbcParameters} header) and {@link #record} binds alike.
     */
    public Map<String, Object> newRow(String feed, ReplayRequest request, String reason, int retryCount, Instant nextRetryAt,
                                      boolean parked) {
        return newRow(feed, request, reason, retryCount, nextRetryAt, parked, null);
    }

    /**
     * The same for work run under {@code fence} (null: not fenced): the row is written only while the lease the fence
     * names still has it - a leader that lost the feed, or a worker that lost the shard, records none of its failures.
     */
    public Map<String, Object> newRow(String feed, ReplayRequest request, String reason, int retryCount, Instant nextRetryAt,
                                      boolean parked, Fence fence) {
        String now = text(clock.instant());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("source", feed);
        p.put("payload_json", request.toJson());
        p.put("reason", reason);
        p.put("retry_count", retryCount);
        p.put("next_retry_at", text(nextRetryAt));
        p.put("now", now);
        p.put("replay_key", request.replayKey(feed));
        p.put("parked_at", parked ? now : null);
        Fence.bind(fence, p);
        return p;
    }

    /** A replay failed again: new retry count and reason, due again at {@code nextRetryAt} or parked. */
    public void failedAgain(long id, int retryCount, String reason, Instant nextRetryAt, boolean parked) {
        db.update("updating DLQ row " + id, "dlq.failed", failedAgainRow(id, retryCount, reason, nextRetryAt, parked));
    }

    /** The parameters of the dialect's {@code dlq.failed}, by name (see {@link #newRow}). */
    public Map<String, Object> failedAgainRow(long id, int retryCount, String reason, Instant nextRetryAt, boolean parked) {
        String now = text(clock.instant());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", id);
        p.put("retry_count", retryCount);
        p.put("reason", reason);
        p.put("next_retry_at", text(nextRetryAt));
        p.put("parked_at", parked ? now : null);
        p.put("now", now);
        return p;
    }

    /** Rows of the source due for a replay now (parked rows never are), oldest due first. */
    public List<DeadLetter> due(String feed, int limit) {
        return query("dlq.due", ps -> {
            ps.setString(1, feed);
            ps.setString(2, text(clock.instant()));
            ps.setInt(3, limit);
        });
    }

    public List<DeadLetter> list(String feed, boolean parkedOnly) {
        List<DeadLetter> all = query("dlq.list", ps -> ps.setString(1, feed));
        return parkedOnly ? all.stream().filter(DeadLetter::parked).toList() : all;
    }

    public Optional<DeadLetter> get(long id) {
        return query("dlq.by-id", ps -> ps.setLong(1, id)).stream().findFirst();
    }

    /** Makes a row due now and un-parks it, recording who asked; IllegalArgumentException if it is gone. */
    public void retryNow(DeadLetter row, String actor) {
        Instant now = clock.instant();
        db.inWriteTransaction("making DLQ row " + row.id() + " due", c -> {
            try (PreparedStatement ps = c.prepareStatement(db.sql("dlq.retry-now"))) {
                ps.setString(1, text(now));
                ps.setString(2, text(now));
                ps.setLong(3, row.id());
                if (ps.executeUpdate() == 0) {
                    // closed meanwhile (replayed, discarded): rolls back, so no audit line for a row that is gone
                    throw new IllegalArgumentException("DLQ row " + row.id() + " is already gone");
                }
            }
            audit(c, row, "retry-requested", "due now, by request", actor, now);
            return 1;
        });
    }

    /**
     * Removes a row, leaving its audit line: {@code resolved} (a replay wrote its bars), {@code split} (its
     * symbols were asked again in smaller requests, whose failures have rows of their own) or {@code discarded}
     * (an operator gave it up, with a reason).
     *
     * @return false if the row was already gone (closed by another worker or operator)
     */
    public boolean close(DeadLetter row, String action, String reason, String actor) {
        return db.inWriteTransaction("closing DLQ row " + row.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(db.sql("dlq.delete"))) {
                ps.setLong(1, row.id());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            audit(c, row, action, reason, actor, clock.instant());
            return true;
        });
    }

    /**
     * Closes, as {@code superseded}, the rows of earlier attempts at the same held window that {@code newer} covers: the
     * same cursor and symbols from the same start, to an earlier end. A window held at its checkpoint (a broken vendor
     * contract) is asked for again on each trigger, and in steady state its end moves with the clock, so without this
     * every trigger would leave one more row, each replayed on its own.
     *
     * @return how many rows were closed
     */
    public int supersede(String feed, ReplayRequest newer, String actor) {
        int closed = 0;
        for (DeadLetter row : list(feed, false)) {
            ReplayRequest r = row.request();
            if (r.cursorKey().equals(newer.cursorKey()) && r.symbols().equals(newer.symbols()) && r.start().equals(newer.start())
                    && r.end().isBefore(newer.end())
                    && close(row, "superseded", "covered by the row of the same held window to " + newer.end(), actor)) {
                closed++;
            }
        }
        return closed;
    }

    public DeadLetterStats stats(String feed) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(db.sql("dlq.stats"))) {
            ps.setString(1, feed);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new DeadLetterStats(rs.getLong(1), rs.getLong(2), instant(rs.getString(3)));
            }
        } catch (SQLException e) {
            throw new StoreException("reading DLQ figures failed", e);
        }
    }

    /** The audit trail of the source, oldest first: "dlq_id action reason retry_count actor at" per entry. */
    public List<AuditEntry> audit(String feed) {
        List<AuditEntry> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(db.sql("dlq.audit.list"))) {
            ps.setString(1, feed);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getString(5), Instant.parse(rs.getString(6))));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading the DLQ audit trail failed", e);
        }
        return out;
    }

    /** One line of the audit trail. */
    public record AuditEntry(long dlqId, String action, String reason, int retryCount, String actor, Instant at) {
    }

    private void audit(Connection c, DeadLetter row, String action, String reason, String actor, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(db.sql("dlq.audit.insert"))) {
            ps.setLong(1, row.id());
            ps.setString(2, row.feed());
            ps.setString(3, row.request().toJson());
            ps.setString(4, action);
            ps.setString(5, reason);
            ps.setInt(6, row.retryCount());
            ps.setString(7, actor);
            ps.setString(8, text(at));
            ps.executeUpdate();
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }


    private List<DeadLetter> query(String key, Binder binder) {
        List<DeadLetter> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(db.sql(key))) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeadLetter(rs.getLong(1), rs.getString(2), ReplayRequest.fromJson(rs.getString(3)),
                            rs.getString(4), rs.getInt(5), instant(rs.getString(6)), instant(rs.getString(7)),
                            instant(rs.getString(8))));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading the DLQ failed (" + key + ")", e);
        }
        return out;
    }

    static String text(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
