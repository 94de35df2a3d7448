package com.marketbars.ingest.ops;

import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterView;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One active instance per database and source. The routes that start work on a schedule ({@code ingest-schedule-FEED},
 * {@code dlq-retry-schedule}, {@code backfill-shards}) consume through Camel's {@code master:} component, and the
 * catch-up on taking a feed's lock is sent by {@link CatchUpOnLeadership}, so only the leader of the cluster service
 * starts work; a second process stands by and takes over when the leader dies.
 * <p>
 * SQLite: a file lock beside the database file (a database a second process can reach is on the same host); its
 * heartbeat goes stale after three missed seconds, so about five seconds from {@code kill -9} to work. It is an
 * OS file lock, so a process frozen by SIGSTOP keeps it and no second leader appears.
 * <p>
 * PostgreSQL: an advisory lock in the database ({@link PostgresLockClusterService}), which guards every host
 * sharing it; the server releases it as soon as the leader's session dies, so takeover is within a second or two.
 * Each feed is a namespace of its own, and the live instances share the feeds: each leads about as many as the others
 * ({@link FairShare}), and a dead instance's feeds go to the others.
 */
public final class SingleInstance {
    private SingleInstance() {
    }

    /**
     * The cluster service for {@code ingest.db.url}: the advisory lock for PostgreSQL, else a file lock beside the
     * SQLite file. An explicit {@code ingest.cluster.lock-dir} always means a file lock there - the way back to
     * the file lock for a PostgreSQL deployment that wants it. {@code work} tells when a feed may be handed over.
     */
    public static CamelClusterService clusterService(String dbUrl, String lockDir, NamespaceWork work) {
        if (usesAdvisoryLocks(dbUrl, lockDir)) {
            return new PostgresLockClusterService(dbUrl, work);
        }
        return fileLock(lockDir != null && !lockDir.isBlank() ? Path.of(lockDir) : besideSqliteFile(dbUrl));
    }

    /**
     * True when the instances of this database take their feeds' locks in PostgreSQL (advisory locks the server can
     * name the holder of), false for a file lock ({@code ingest.cluster.lock-dir} set, or SQLite).
     */
    public static boolean usesAdvisoryLocks(String dbUrl, String lockDir) {
        return (lockDir == null || lockDir.isBlank()) && dbUrl.startsWith("jdbc:postgresql:");
    }

    public static FileLockClusterService fileLock(Path directory) {
        FileLockClusterService cluster = new PreparedFileLocks();
        cluster.setId("market-bars-ingest");
        cluster.setRoot(directory.toAbsolutePath().toString());
        // the first attempt, 100 ms after start: a free lock is taken then (a restart after a clean stop, or a new
        // database - see PreparedFileLocks), a dead leader's after its heartbeat is three attempts old
        cluster.setAcquireLockDelay(100, TimeUnit.MILLISECONDS);
        cluster.setAcquireLockInterval(1, TimeUnit.SECONDS);
        cluster.setHeartbeatTimeoutMultiplier(3);
        return cluster;
    }

    /**
     * Creates a namespace's lock and leader-data files (empty: no leader) before Camel's view of it starts. Camel's
     * file lock makes its first attempt after {@code acquireLockDelay} when these files exist, and otherwise at the next
     * whole {@code acquireLockInterval} - up to a second more before a daemon on a new database takes its lock. The
     * names are Camel's ({@code FileLockClusterView}: ROOT/NAMESPACE and ROOT/NAMESPACE.dat); should they change, the
     * files are unused and only that second comes back. An existing file is left as it is (a live or dead leader's).
     */
    private static final class PreparedFileLocks extends FileLockClusterService {
        @Override
        protected FileLockClusterView createView(String namespace) throws Exception {
            Path root = Path.of(getRoot());
            Files.createDirectories(root);
            for (Path file : List.of(root.resolve(namespace), root.resolve(namespace + ".dat"))) {
                try {
                    Files.createFile(file);
                } catch (FileAlreadyExistsException e) {
                    // a leader's, live or dead: its heartbeat decides
                }
            }
            return super.createView(namespace);
        }
    }

    /** {@code jdbc:sqlite:data/market.db} -> {@code data/market.db.instance/}. */
    static Path besideSqliteFile(String dbUrl) {
        String file = dbUrl.substring("jdbc:sqlite:".length());
        int q = file.indexOf('?');
        return Path.of((q < 0 ? file : file.substring(0, q)) + ".instance");
    }
}
