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
    private final long key;
    private boolean held;

    private AdvisoryLockSession(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    /**
     * Connects with socket and connect timeouts so a probe over a dead network fails within seconds instead of
     * hanging on TCP (a query timeout alone is sent as a cancel over yet another connection). Parameters given in
     * the URL win over these defaults.
     */
    static AdvisoryLockSession open(String jdbcUrl, String namespace) throws SQLException {
        Properties props = new Properties();
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", "5");
        props.setProperty("tcpKeepAlive", "true");
        // makes the lock holder easy to find in pg_stat_activity
        props.setProperty("ApplicationName", "market-bars-ingest lock " + namespace);
        Connection c = DriverManager.getConnection(jdbcUrl, props);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            rs.next();
            String schema = rs.getString(1);
            return new AdvisoryLockSession(c, key(schema == null ? "" : schema, namespace));
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
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

    /** True when this session now holds the lock; false at once when another session does (it never waits). */
    boolean tryAcquire() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                held = rs.getBoolean(1);
                return held;
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
        if (held) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setQueryTimeout(PROBE_TIMEOUT_SECONDS);
                ps.setLong(1, key);
                ps.execute();
            } catch (SQLException ignored) {
                // the session is already gone, and its lock with it
            }
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
    }
}
