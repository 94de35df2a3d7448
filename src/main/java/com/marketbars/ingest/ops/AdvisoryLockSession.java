package com.marketbars.ingest.ops;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * One PostgreSQL session dedicated to one session-level advisory lock. It is a connection of its own, never one
 * from the pool: PostgreSQL ties the lock to the session, so the session must live exactly as long as the
 * leadership - a pooled connection would be handed to other work, or closed by the pool, with the lock on it.
 * <p>
 * The key is the first 8 bytes (big-endian, signed) of SHA-256 of {@code market-bars-ingest:<schema>:<namespace>},
 * where {@code schema} is the session's {@code current_schema()}. PostgreSQL scopes advisory locks to a database
 * but not to a schema, so the schema is part of the key: two deployments in two schemas of one database (or two
 * test runs) are separate stores and must not wait for each other.
 */
final class AdvisoryLockSession implements AutoCloseable {
    /** How long the leader's liveness probe may take before the session counts as lost. */
    static final int PROBE_TIMEOUT_SECONDS = 2;

    private final Connection connection;
    private final String namespace;
    private final long key;
    /** {@code pg_advisory_unlock} or {@code pg_advisory_unlock_shared} while the lock is held, else null. */
    private String unlockFunction;

    private AdvisoryLockSession(Connection connection, String namespace, long key) {
        this.connection = connection;
        this.namespace = namespace;
        this.key = key;
    }

    /**
     * Connects with socket and connect timeouts so a probe over a dead network fails within seconds instead of
     * hanging on TCP (a query timeout alone is sent as a cancel over yet another connection). Parameters given in
     * the URL win over these defaults.
     */
    static AdvisoryLockSession open(String jdbcUrl, String namespace, String purpose) throws SQLException {
        Properties props = new Properties();
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", "5");
        props.setProperty("tcpKeepAlive", "true");
        // makes the lock holder easy to find in pg_stat_activity: which process of which host (client_addr) leads what;
        // the pid comes first, as PostgreSQL cuts the name at 63 bytes
        props.setProperty("ApplicationName", "market-bars-ingest pid " + ProcessHandle.current().pid() + " " + purpose);
        Connection c = DriverManager.getConnection(jdbcUrl, props);
        try {
            return new AdvisoryLockSession(c, namespace, key(c, namespace));
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The key of {@code namespace} in the schema the connection works in (its {@code current_schema()}). */
    static long key(Connection c, String namespace) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            rs.next();
            String schema = rs.getString(1);
            return key(schema == null ? "" : schema, namespace);
        }
    }

    static long key(String schema, String namespace) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("market-bars-ingest:" + schema + ":" + namespace).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    long key() {
        return key;
    }

    String namespace() {
        return namespace;
    }

    /** True when this session now holds the lock; false at once when another session does (it never waits). */
    boolean tryAcquire() throws SQLException {
        return tryLock("pg_try_advisory_lock", "pg_advisory_unlock");
    }

    /**
     * Holds the lock in shared mode, beside every other session holding it so: how a live instance shows itself
     * ({@link #holdersAndRank}). True unless a session holds it exclusively, which no instance does.
     */
    boolean tryAcquireShared() throws SQLException {
        return tryLock("pg_try_advisory_lock_shared", "pg_advisory_unlock_shared");
    }

    private boolean tryLock(String function, String unlock) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + function + "(?)")) {
            ps.setQueryTimeout(PROBE_TIMEOUT_SECONDS);
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                unlockFunction = rs.getBoolean(1) ? unlock : null;
                return unlockFunction != null;
            }
        }
    }

    /**
     * {@code FROM} and {@code WHERE} of a query over the sessions ({@code a}, pg_stat_activity) holding the advisory
     * lock whose key {@link #bindKey} binds. A bigint advisory key shows in {@code pg_locks} ({@code l}) as its high
     * and low 32 bits in {@code classid} and {@code objid}, with {@code objsubid} 1.
     */
    static final String HOLDERS_OF_KEY = " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
            + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND l.classid::bigint = ? AND l.objid::bigint = ?";

    /** Binds {@code key} to the two parameters of {@link #HOLDERS_OF_KEY}, which must be the statement's first. */
    static void bindKey(PreparedStatement ps, long key) throws SQLException {
        ps.setLong(1, key >>> 32);
        ps.setLong(2, key & 0xFFFF_FFFFL);
    }

    /**
     * The sessions holding this key (granted, in either mode) in the current database: how many, and how many of them
     * began before this one (by {@code backend_start}, then pid) - a rank by age every holder computes alike, so an
     * instance that joins comes last. A session that dies stops counting at once, as its lock goes with it.
     *
     * @return {count, rank}
     */
    int[] holdersAndRank() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT count(*),"
                + " count(*) FILTER (WHERE (a.backend_start, a.pid) < (SELECT backend_start, pid FROM pg_stat_activity WHERE pid = pg_backend_pid()))"
                + HOLDERS_OF_KEY)) {
            ps.setQueryTimeout(PROBE_TIMEOUT_SECONDS);
            bindKey(ps, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new int[] {rs.getInt(1), rs.getInt(2)};
            }
        }
    }

    /**
     * Gives the lock up and keeps the session, for a leader handing a namespace over to another instance. Throws
     * when the session is gone - and the lock with it.
     */
    void release() throws SQLException {
        if (unlockFunction != null) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + unlockFunction + "(?)")) {
                ps.setQueryTimeout(PROBE_TIMEOUT_SECONDS);
                ps.setLong(1, key);
                ps.execute();
            } finally {
                unlockFunction = null;
            }
        }
    }

    /**
     * Throws when the session is gone (server restarted, backend terminated, network down): its lock is then
     * released, or about to be, and another instance may already lead.
     */
    void probe() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.setQueryTimeout(PROBE_TIMEOUT_SECONDS);
            st.execute("SELECT 1");
        }
    }

    /**
     * Unlocks when held, then closes. Closing alone would release the lock too; the explicit unlock makes the
     * hand-over independent of how fast the server notices the closed socket. Failures are ignored: a dead
     * session holds nothing.
     */
    @Override
    public void close() {
        try {
            release();
        } catch (SQLException ignored) {
            // the session is already gone, and its lock with it
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
    }
}
