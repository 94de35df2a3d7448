package com.marketbars.ingest.cluster;

import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.SqlDialect;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The cluster service's own database session, for the feed leases and the live-instance rows (migration V13): a
 * connection of its own, never one from the pool, so a renewal never queues behind the ingest's work for a
 * connection, and its socket settings find a dead network within seconds. Every statement runs on autocommit with
 * the database's time; used by one thread at a time (the service's attempts, or its stop).
 * <p>
 * PostgreSQL: socket and connect timeouts of {@value #SOCKET_TIMEOUT_SECONDS} s, so a call over a dead network fails
 * instead of hanging on TCP; and the server's side of the session has its own keepalive
 * ({@link Database#SERVER_SESSION_OPTIONS}), so the server notices a client cut off in under a minute rather than after the OS default of two hours, without any
 * change to the server's configuration.
 */
final class LeaseSession implements AutoCloseable {
    static final int SOCKET_TIMEOUT_SECONDS = 5;
    private final Connection connection;
    private final SqlDialect dialect;

    /** A feed's lease as read: {@code holder} null when no instance holds it. */
    record Lease(long epoch, String holder, String holderName, long holderPid, long deadline, long now) {
    }

    /** A take that succeeded: the new epoch, and from whom and why. */
    record Taken(long epoch, String from, String because) {
    }

    private LeaseSession(Connection connection, SqlDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    static LeaseSession open(String jdbcUrl, Duration lease) throws SQLException {
        SqlDialect dialect = SqlDialect.forUrl(jdbcUrl);
        Properties props = new Properties();
        if (dialect == SqlDialect.POSTGRESQL) {
            // parameters given in the URL win over these
            props.setProperty("connectTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
            props.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
            props.setProperty("tcpKeepAlive", "true");
            props.setProperty("options", Database.SERVER_SESSION_OPTIONS);
            // the holder is easy to find in pg_stat_activity; the pid first, as PostgreSQL cuts the name at 63 bytes
            props.setProperty("ApplicationName", "market-bars-ingest pid " + ProcessHandle.current().pid() + " leases");
        } else {
            // a renewal waits for SQLite's one writer at most a third of the lease: a late renewal is a lost lease
            props.setProperty("busy_timeout", String.valueOf(Math.max(1, lease.toMillis() / 3)));
        }
        Connection c = DriverManager.getConnection(jdbcUrl, props);
        return new LeaseSession(c, dialect);
    }

    /** Shows this session's holder alive: its backend pid on PostgreSQL (the server ends it when the process dies), else its pid. */
    long livenessPid() throws SQLException {
        if (dialect == SqlDialect.SQLITE) {
            return ProcessHandle.current().pid();
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_backend_pid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The feed's lease, made (no holder, epoch 0) when the feed has none yet. */
    Lease read(String feed) throws SQLException {
        Optional<Lease> read = readIfAny(feed);
        if (read.isPresent()) {
            return read.get();   // a standby's every attempt: a read only, no write (SQLite has one writer)
        }
        update("lease.create", feed);
        return readIfAny(feed).orElseThrow(() -> new SQLException("the lease of " + feed + " vanished"));
    }

    private Optional<Lease> readIfAny(String feed) throws SQLException {
        try (PreparedStatement ps = prepare("lease.read", feed); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new Lease(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                    rs.getLong(5), rs.getLong(6))) : Optional.empty();
        }
    }

    /**
     * Whether the process that held {@code lease} is gone: on PostgreSQL its lease session has ended (the server ends
     * a killed process's session at once, a cut-off one within the keepalive of {@link Database#SERVER_SESSION_OPTIONS}); on SQLite,
     * whose instances share one host, its pid is no longer alive.
     */
    boolean holderDied(Lease lease) throws SQLException {
        if (lease.holder() == null || lease.holderPid() <= 0) {
            return false;
        }
        if (dialect == SqlDialect.SQLITE) {
            return ProcessHandle.of(lease.holderPid()).map(p -> !p.isAlive()).orElse(true);
        }
        try (PreparedStatement ps = prepare("lease.holder-alive", lease.holderPid()); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }

    /**
     * Takes the feed when its lease is free (never taken, released), expired, or its holder {@code died}; a
     * compare-and-set on the epoch read, so of two standbys one wins. Empty when the lease was not free.
     */
    Optional<Taken> take(String feed, Lease read, boolean died, String holder, String holderName, Duration lease)
            throws SQLException {
        String because = read.holder() == null ? (read.epoch() == 0 ? "first" : "released")
                : read.deadline() < read.now() ? "expired" : died ? "died" : null;
        if (because == null) {
            return Optional.empty();
        }
        int n = update("lease.take", holder, holderName, livenessPid(), lease.toMillis(), because, feed, read.epoch(),
                died ? 1 : 0);
        return n == 1 ? Optional.of(new Taken(read.epoch() + 1, read.holderName(), because)) : Optional.empty();
    }

    /** Moves the deadline on; false when the lease is no longer this holder's under this epoch, or its deadline passed. */
    boolean renew(String feed, String holder, long epoch, Duration lease) throws SQLException {
        return update("lease.renew", lease.toMillis(), livenessPid(), feed, holder, epoch) == 1;
    }

    /** Gives the lease up (a hand-over or a stop): the next standby takes it at its next attempt. */
    void release(String feed, String holder, long epoch) throws SQLException {
        update("lease.release", feed, holder, epoch);
    }

    /**
     * Renews this instance's row in its group and returns the group's live members, oldest first: an instance that
     * stops renewing (dead, frozen, cut off) stops counting at its deadline. Rows long expired are removed.
     */
    List<String> liveMembers(String group, String member, String memberName, Duration lease) throws SQLException {
        update("member.renew", group, member, memberName, lease.toMillis());
        update("member.expire");
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = prepare("member.live", group); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    void leave(String group, String member) throws SQLException {
        update("member.leave", group, member);
    }

    private int update(String key, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(key, args)) {
            return ps.executeUpdate();
        }
    }

    private PreparedStatement prepare(String key, Object... args) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(dialect.sql(key));
        try {
            ps.setQueryTimeout(SOCKET_TIMEOUT_SECONDS);
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // a dead session holds nothing: its leases run out at their deadlines
        }
    }
}
