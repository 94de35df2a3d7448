package com.marketbars.ingest.backfill;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.errors.StoreException;
import com.marketbars.ingest.model.WriteMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The backfill jobs of a database and their shards ({@code backfill_job}, {@code backfill_shard}; statements
 * {@code backfill.*} of the dialect). A shard is taken with a lease: one statement picks the first shard that is
 * pending, or leased by someone whose lease has run out, and leases it - on PostgreSQL with {@code FOR UPDATE SKIP
 * LOCKED}, so instances taking shards at once never wait for or get the same one; on SQLite inside the file's write
 * lock, which processes of one machine share.
 */
public final class BackfillQueue {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final Clock clock;

    public BackfillQueue(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * The unfinished job of this feed, range, mode and symbols, or a new one cut by {@code cut}: two identical
     * backfills share one job and its shards.
     *
     * @return the job's id
     */
    public long submitOrJoin(String feed, Instant from, Instant to, List<String> symbols, WriteMode mode, String by,
                             Function<Long, List<Shard>> cut) {
        String key = feed + "|" + from + "|" + to + "|" + mode.label() + "|" + json(symbols);
        return db.inWriteTransaction("submitting a backfill of " + feed, c -> {
            Optional<Long> existing = single(c, "backfill.find-unfinished", key);
            if (existing.isPresent()) {
                return existing.get();
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement(db.sql("backfill.insert-job"))) {
                bind(ps, feed, from.toString(), to.toString(), json(symbols), mode.label(), key, now().toString(), by);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        // submitted by another process since the look-up above (PostgreSQL's read committed)
                        return single(c, "backfill.find-unfinished", key).orElseThrow();
                    }
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(db.sql("backfill.insert-shard"))) {
                for (Shard s : cut.apply(id)) {
                    bind(ps, id, s.number(), json(s.symbols()), s.from().toString(), s.to().toString());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return id;
        });
    }

    /**
     * Leases the first claimable shard (of job {@code jobId}, or of any job when 0) to {@code owner} until {@code until}:
     * a new take of its lease.
     */
    public Optional<LeasedShard> claim(long jobId, String owner, Instant until) {
        return db.inWriteTransaction("taking a backfill shard", c -> {
            try (PreparedStatement ps = c.prepareStatement(db.sql("backfill.claim"))) {
                bind(ps, owner, until.toEpochMilli(), now().toEpochMilli(), jobId, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<LeasedShard>empty();
                    }
                    Shard shard = new Shard(rs.getLong(1), rs.getInt(2), strings(rs.getString(3)),
                            Instant.parse(rs.getString(4)), Instant.parse(rs.getString(5)));
                    return Optional.of(new LeasedShard(shard, owner, rs.getInt(6)));
                }
            }
        });
    }

    /** @return false when the take is no longer the shard's (its lease ran out and another process took the shard) */
    public boolean renew(LeasedShard l, Instant until) {
        return update("renewing the lease of " + l.shard(), "backfill.renew", until.toEpochMilli(), l.shard().jobId(),
                l.shard().number(), l.owner(), l.take()) == 1;
    }

    /** The shard goes back to pending (its work stopped before its end: a failure, a shutdown) - if the take is still its. */
    public void release(LeasedShard l) {
        update("releasing " + l.shard(), "backfill.release", l.shard().jobId(), l.shard().number(), l.owner(), l.take());
    }

    /** The shard reached its end; the job is finished with its last shard. */
    public void done(Shard s) {
        String now = now().toString();
        db.inWriteTransaction("finishing " + s, c -> {
            single(c, "backfill.lock-job", s.jobId());
            try (PreparedStatement ps = c.prepareStatement(db.sql("backfill.done"))) {
                bind(ps, now, s.jobId(), s.number());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(db.sql("backfill.finish-job"))) {
                bind(ps, now, s.jobId(), s.jobId());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Owners holding a live lease now (for giving up the leases of this host's dead processes). */
    public List<String> leaseOwners() {
        List<String> out = new ArrayList<>();
        query("backfill.owners-leasing", rs -> out.add(rs.getString(1)), now().toEpochMilli());
        return out;
    }

    /** Every lease of {@code owner} runs out now: its shards can be taken at once. */
    public int expireLeasesOf(String owner) {
        return update("expiring the leases of " + owner, "backfill.expire-owner", owner);
    }

    public Optional<BackfillJob> job(long id) {
        List<BackfillJob> out = new ArrayList<>();
        query("backfill.job", rs -> out.add(new BackfillJob(rs.getLong(1), rs.getString(2), Instant.parse(rs.getString(3)),
                Instant.parse(rs.getString(4)), strings(rs.getString(5)), WriteMode.parse(rs.getString(6)),
                Instant.parse(rs.getString(7)), rs.getString(8), rs.getString(9) == null ? null : Instant.parse(rs.getString(9)))), id);
        return out.stream().findFirst();
    }

    /** A shard as {@code status}, JMX and the console show it. */
    public record ShardState(int number, int symbols, Instant from, Instant to, String state, String leaseOwner,
                             Instant leaseUntil, int attempts, Instant doneAt) {
    }

    public List<ShardState> shards(long jobId) {
        List<ShardState> out = new ArrayList<>();
        query("backfill.shards", rs -> out.add(new ShardState(rs.getInt(1), strings(rs.getString(2)).size(),
                Instant.parse(rs.getString(3)), Instant.parse(rs.getString(4)), rs.getString(5), rs.getString(6),
                rs.getLong(7) == 0 ? null : Instant.ofEpochMilli(rs.getLong(7)), rs.getInt(8),
                rs.getString(9) == null ? null : Instant.parse(rs.getString(9)))), jobId);
        return out;
    }

    /** The job's shards as they were cut: their symbols and ranges. */
    public List<Shard> pieces(long jobId) {
        List<Shard> out = new ArrayList<>();
        query("backfill.shards", rs -> out.add(new Shard(jobId, rs.getInt(1), strings(rs.getString(2)),
                Instant.parse(rs.getString(3)), Instant.parse(rs.getString(4)))), jobId);
        return out;
    }

    /** Unfinished jobs, and those finished within {@code recent}. */
    public List<BackfillJob> jobs(Duration recent) {
        List<Long> ids = new ArrayList<>();
        query("backfill.jobs", rs -> ids.add(rs.getLong(1)), now().minus(recent).toString());
        return ids.stream().map(this::job).flatMap(Optional::stream).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- JDBC --------------------------------------------------------------------------------------------------

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String key, Row row, Object... parameters) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(db.sql(key))) {
            bind(ps, parameters);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading backfill jobs failed (" + key + ")", e);
        }
    }

    private int update(String what, String key, Object... parameters) {
        return db.inWriteTransaction(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(db.sql(key))) {
                bind(ps, parameters);
                return ps.executeUpdate();
            }
        });
    }

    private Optional<Long> single(Connection c, String key, Object... parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(db.sql(key))) {
            bind(ps, parameters);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static void bind(PreparedStatement ps, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            ps.setObject(i + 1, parameters[i]);
        }
    }

    private static String json(List<String> symbols) {
        try {
            return JSON.writeValueAsString(symbols);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
