package com.marketbars.ingest.store;

import com.marketbars.ingest.errors.StoreException;
import com.marketbars.ingest.errors.DatabaseFault;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The connection pool and dialect for {@code ingest.db.url}; migrates the schema with Flyway when opened. */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final HikariDataSource writer;
    private final WriterThread writerThread;   // SQLite: runs every write transaction; PostgreSQL: none
    private final SqlDialect dialect;
    private final String schemaVersion;
    private final String location;
    private final BarPartitions partitions;
    private volatile DatabaseOutage outage;
    private final LongAdder nanosInWrites = new LongAdder();

    private Database(HikariDataSource dataSource, HikariDataSource writer, WriterThread writerThread, SqlDialect dialect,
                     String schemaVersion, String location) {
        this.location = location;
        this.dataSource = dataSource;
        this.writer = writer;
        this.writerThread = writerThread;
        this.dialect = dialect;
        this.schemaVersion = schemaVersion;
        this.partitions = new BarPartitions(this, java.time.Clock.systemUTC());
    }

    /** How long a write waits for SQLite's one writer connection, and for its turn on the writer thread. */
    private static final Duration WRITER_WAIT = Duration.ofMinutes(5);

    /** The feed name of {@code ingest.source}'s default: the one feed of a deployment that names none. */
    public static final String DEFAULT_FEED = "alpaca_bars_1min";
    /**
     * Settings of every PostgreSQL session of ours (pgjdbc's {@code options}, the start-up packet's {@code -c}; no
     * server configuration needed): keepalive probes after 10 s of silence, every 5 s, 3 unanswered and the server
     * ends the session - about 25 s instead of the OS default of two hours (pgjdbc's {@code tcpKeepAlive} alone turns
     * on only that default); and a transaction left idle for 3 s is ended, with its row locks. Our transactions are
     * writes of a few statements sent back to back, idle for milliseconds between them; a process that stops inside
     * one (frozen, cut off) held the quota ledger's account row - and with it every process of the account - until it
     * woke (FreezeChaosPostgresTest: the new leader of a frozen one's feed stood still 6 s past the takeover). 3 s is
     * the shortest lease ({@code ingest.cluster.lease}): the locks are gone by the time a standby may take the frozen
     * process's feeds. A URL's own {@code options} wins.
     */
    public static final String SERVER_SESSION_OPTIONS = "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5"
            + " -c tcp_keepalives_count=3 -c idle_in_transaction_session_timeout=3000";

    /**
     * Opens the pool and brings the schema to the latest version (a no-op when it already is). On PostgreSQL, makes
     * the partitions of bars for this month and the next ones where missing ({@link BarPartitions}).
     */
    public static Database open(String jdbcUrl, int poolSize) {
        return open(jdbcUrl, poolSize, DEFAULT_FEED);
    }

    /**
     * @param firstFeed the deployment's first feed: a database from before feeds (one feed per database) upgrades with
     *                  its universe as this feed's (see migration V6)
     */
    public static Database open(String jdbcUrl, int poolSize, String firstFeed) {
        Database db = open(jdbcUrl, poolSize, SqlDialect.forUrl(jdbcUrl).migrationLocation(), "ingest-db", firstFeed);
        db.partitions.ensureAhead();
        return db;
    }

    /**
     * The database of the vendor accounts' quota ledger for {@code ingest.db.url}, on a pool of its own so that
     * page writes never hold up a quota slot. On PostgreSQL it is the same database (its tables come with the main
     * migrations; other machines reach it). SQLite has one writer per file, so there the ledger is a file of its
     * own beside the database ({@code market.db.quota} for {@code market.db}), shared by the processes of the host.
     */
    public static Database openQuotaLedger(String jdbcUrl) {
        SqlDialect dialect = SqlDialect.forUrl(jdbcUrl);
        if (dialect == SqlDialect.POSTGRESQL) {
            return open(jdbcUrl, 2, dialect.migrationLocation(), "ingest-quota", DEFAULT_FEED);
        }
        return open(quotaLedgerUrl(jdbcUrl), 2, "classpath:db/migration/sqlite-quota", "ingest-quota", DEFAULT_FEED);
    }

    /** {@code jdbc:sqlite:data/market.db?x=y} -> {@code jdbc:sqlite:data/market.db.quota?x=y}. */
    static String quotaLedgerUrl(String sqliteUrl) {
        int q = sqliteUrl.indexOf('?');
        String path = q < 0 ? sqliteUrl : sqliteUrl.substring(0, q);
        if (path.equals("jdbc:sqlite:") || path.endsWith(":memory:") || path.startsWith("jdbc:sqlite:file:")) {
            throw new IllegalArgumentException("the quota ledger needs a SQLite file path in ingest.db.url, not " + path);
        }
        return path + ".quota" + (q < 0 ? "" : sqliteUrl.substring(q));
    }

    /**
     * Gives back the disk a migration's transaction took in SQLite's WAL: a migration that copies bars (V6, V9) writes
     * the whole table there (912 MB for 6.7 million bars), and a WAL keeps its largest size while any connection is
     * open - for the life of a daemon that upgraded. Its pages are in the database file by now unless a reader holds
     * them (then nothing is truncated, and SQLite's own checkpoints reuse the file from its start, as before).
     */
    private static void truncateWal(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            LOG.warn("Could not truncate the WAL after migrating ({}); it shrinks when the last connection closes", e.getMessage());
        }
    }

    private static Database open(String jdbcUrl, int poolSize, String migrations, String poolName, String firstFeed) {
        SqlDialect dialect = SqlDialect.forUrl(jdbcUrl);
        if (dialect == SqlDialect.SQLITE) {
            createParentDirectory(jdbcUrl);
        }
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config(jdbcUrl, dialect, poolName, poolSize));
        } catch (RuntimeException e) {
            throw new StoreException("opening the database " + location(jdbcUrl) + " failed", e, location(jdbcUrl));
        }
        HikariDataSource writer = null;
        WriterThread writerThread = null;
        try {
            // a schema already current (every start but the first after an upgrade) is not handed to Flyway at all
            String version = CurrentSchema.version(ds, migrations, Database.class.getClassLoader())
                    .orElseGet(() -> migrate(ds, migrations, firstFeed, jdbcUrl, dialect));
            if (dialect == SqlDialect.SQLITE) {
                // SQLite has one writer at a time. Queueing writers on one pooled connection hands the lock over at
                // once; letting them collide would park them in SQLite's busy handler, which sleeps up to 100 ms.
                HikariConfig w = config(jdbcUrl, dialect, poolName + "-writer", 1);
                w.setConnectionTimeout(WRITER_WAIT.toMillis());
                writer = new HikariDataSource(w);
                // and one thread runs the transactions on it (WriterThread says why); a turn waits as long as a connection
                writerThread = new WriterThread(poolName + "-writes", WRITER_WAIT);
            }
            return new Database(ds, writer == null ? ds : writer, writerThread, dialect, version, location(jdbcUrl));
        } catch (RuntimeException e) {
            if (writerThread != null) {
                writerThread.close();
            }
            if (writer != null) {
                writer.close();
            }
            ds.close();
            throw new StoreException("opening the database " + location(jdbcUrl) + " failed", e, location(jdbcUrl));
        }
    }

    /** Flyway's migrate; the schema's version after it. */
    private static String migrate(DataSource ds, String migrations, String firstFeed, String jdbcUrl, SqlDialect dialect) {
        MigrateResult result = Flyway.configure()
                .dataSource(ds)
                .locations(migrations)
                .placeholders(java.util.Map.of("first_feed", firstFeed))
                .callbacks(new MigrationProgress(location(jdbcUrl), LOG::info))
                .load()
                .migrate();
        // with nothing to migrate the result still names the version it found, which spares a second Flyway
        // (its own scan of the migrations and read of the history)
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
                : result.initialSchemaVersion != null ? result.initialSchemaVersion
                : Flyway.configure().dataSource(ds).locations(migrations).load()
                    .info().current().getVersion().getVersion();
        if (result.migrationsExecuted > 0) {
            LOG.info("Database schema migrated to version {} ({} migration(s))", version, result.migrationsExecuted);
            if (dialect == SqlDialect.SQLITE) {
                truncateWal(ds);
            }
        }
        return version;
    }

    /**
     * Where the database is, for messages: a SQLite file's absolute path, or a PostgreSQL server's host:port/database
     * (never the URL's parameters, which may hold a password).
     */
    public static String location(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        String base = q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
        if (base.startsWith("jdbc:sqlite:")) {
            String path = base.substring("jdbc:sqlite:".length());
            return path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:") ? path : Path.of(path).toAbsolutePath().toString();
        }
        return base.replaceFirst("^jdbc:postgresql://", "").replaceFirst("^[^@/]*@", "");
    }

    /** Where this database is (see {@link #location(String)}). */
    public String location() {
        return location;
    }

    private static HikariConfig config(String jdbcUrl, SqlDialect dialect, String poolName, int poolSize) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        cfg.setPoolName(poolName);
        cfg.setMaximumPoolSize(poolSize);
        cfg.setMinimumIdle(1);
        if (dialect == SqlDialect.SQLITE) {
            // WAL lets readers (status, tests) run beside the writer; synchronous=NORMAL keeps commit order across a
            // power cut, so a checkpoint can never survive without the bars committed before it.
            cfg.addDataSourceProperty("journal_mode", "WAL");
            cfg.addDataSourceProperty("synchronous", "NORMAL");
            // another process on the same file (status, a second instance) still waits rather than fails; 30 s unless
            // the URL sets its own (jdbc:sqlite:FILE?busy_timeout=MILLIS)
            if (!jdbcUrl.contains("busy_timeout=")) {
                cfg.addDataSourceProperty("busy_timeout", "30000");
            }
            cfg.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            cfg.addDataSourceProperty("foreign_keys", "true");
        } else {
            // the server finds a client that froze or was cut off in seconds, and ends its session - with the row
            // locks of a transaction it left open (the quota ledger's, a page's) - instead of keeping them for hours
            cfg.addDataSourceProperty("options", SERVER_SESSION_OPTIONS);
        }
        return cfg;
    }

    private static void createParentDirectory(String jdbcUrl) {
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (path.isEmpty() || path.equals(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database directory " + parent, e);
        }
    }

    /** Connections for reading. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Connections for writing: on SQLite a single one, which serialises writers inside this process. */
    public DataSource writer() {
        return writer;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** The monthly partitions of bars on PostgreSQL; on SQLite, asking for them does nothing. */
    public BarPartitions partitions() {
        return partitions;
    }

    /** Work on a connection that may throw SQLException. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on a writer connection: committed if it returns, rolled back if it
     * throws. A SQLException becomes a StoreException saying "{@code what} failed". A rollback that fails in turn
     * (SQLite has already rolled back after SQLITE_FULL; the connection is gone) never hides the failure: it is added
     * to it as suppressed. On SQLite it runs on the database's {@link WriterThread}, and the caller waits for its end.
     */
    public <T> T inWriteTransaction(String what, SqlWork<T> work) {
        if (writerThread == null) {
            return transaction(what, work);
        }
        try {
            return writerThread.run(() -> transaction(what, work));
        } catch (SQLException e) {   // it never ran: no turn within the wait, or the database closed
            throw failure(what, e);
        }
    }

    /** {@link #inWriteTransaction}'s transaction itself, on the calling thread. */
    private <T> T transaction(String what, SqlWork<T> work) {
        try (Connection c = writer.getConnection()) {
            long began = System.nanoTime();
            try {
                c.setAutoCommit(false);
                T result = work.run(c);
                c.commit();
                DatabaseOutage o = outage;
                if (o != null) {
                    o.available();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                if (e instanceof SQLException) {
                    evict(c);
                }
                throw e;
            } finally {
                nanosInWrites.add(System.nanoTime() - began);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Time this process has spent inside {@link #inWriteTransaction} (from the connection's hand-over to the commit or
     * rollback; summed over connections): the page writes and the other writes of the beans, not the routes' {@code
     * jdbc:} steps (a window's checkpoint, a DLQ row), which are one short statement each. The waits for this
     * process's writer connection are left out; a wait for another process's write lock inside a transaction is in.
     * On SQLite, whose one writer runs one transaction at a time, it says beside the wall time how busy the database
     * kept a backfill: near all of it, the database is the bound, and more concurrency or a faster vendor would not help.
     */
    public Duration timeInWrites() {
        return Duration.ofNanos(nanosInWrites.sum());
    }

    /** Statement {@code key} of the dialect, its {@code :?name}s bound from {@code values}, in a write transaction. */
    public int update(String what, String key, Map<String, ?> values) {
        return inWriteTransaction(what, c -> {
            try (PreparedStatement ps = NamedParameters.prepare(c, sql(key), values)) {
                return ps.executeUpdate();
            }
        });
    }

    /**
     * A route's {@code jdbc:} step on this database failed (its {@code doCatch} calls this): the same as a write of
     * ours failing - an outage starts if the database is unavailable - and the same error, naming the database.
     */
    public void stepFailed(String what, Exception e) {
        SQLException sql = e instanceof SQLException s ? s : new SQLException(e.getMessage(), e);
        throw failure(what, sql);
    }

    private StoreException failure(String what, SQLException e) {
        DatabaseOutage o = outage;
        if (o != null && DatabaseFault.of(e).isTransient()) {
            o.unavailable(e);
        }
        return new StoreException(what + " failed", e, location);
    }

    /**
     * Tells {@code outage} how its writes go: the first that fails because the database is unavailable starts an
     * outage ("unavailable since"), the first that commits again ends it.
     */
    public void reportTo(DatabaseOutage outage) {
        this.outage = outage;
    }

    /**
     * A connection a statement failed on is not used again: after SQLITE_BUSY on the BEGIN IMMEDIATE that sqlite-jdbc
     * issues right after a commit, such a connection was left with no transaction open, and the next write on it
     * failed with "cannot commit - no transaction is active", a failure that looked permanent.
     */
    private void evict(Connection c) {
        writer.evictConnection(c);
    }

    static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException rollbackFailed) {
            failure.addSuppressed(rollbackFailed);
        }
    }

    public String sql(String key) {
        return dialect.sql(key);
    }

    public String schemaVersion() {
        return schemaVersion;
    }

    @Override
    public void close() {
        if (writerThread != null) {
            writerThread.close();
        }
        if (writer != dataSource) {
            writer.close();
        }
        dataSource.close();
    }
}
