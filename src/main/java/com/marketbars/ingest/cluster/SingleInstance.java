package com.marketbars.ingest.cluster;

import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterView;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One active instance per database and feed. The routes that start work on a schedule ({@code ingest-schedule-FEED},
 * {@code dlq-retry-schedule}, {@code backfill-shards}) consume through Camel's {@code master:} component, and the
 * catch-up on taking a feed is sent by {@link CatchUpOnLeadership}, so only the leader of the cluster service starts
 * work; a second process stands by and takes over when the leader dies or stops renewing.
 * <p>
 * By default, on SQLite and PostgreSQL alike, leadership is a lease in the database that the leader must keep renewing
 * ({@link LeaseClusterService}): a leader killed, frozen (SIGSTOP), cut off or stuck loses its feeds within the lease,
 * and the woken leader's checkpoint advances are refused (fencing). Each feed is a namespace of its own, and the live
 * instances share the feeds ({@link FairShare}).
 * <p>
 * {@code ingest.cluster.lock-dir} set: Camel's file lock there instead, as before the leases - one active process for
 * all feeds of a host's database, no fencing, and a frozen process keeps its lock (docs/operations.md).
 */
public final class SingleInstance {
    private SingleInstance() {
    }

    /**
     * The cluster service for {@code ingest.db.url}: feed leases in the database, unless {@code ingest.cluster.lock-dir}
     * asks for a file lock there. {@code work} tells when a feed may be handed over; {@code lease} is how long a renewal
     * keeps a feed ({@code ingest.cluster.lease}).
     */
    public static CamelClusterService clusterService(String dbUrl, String lockDir, NamespaceWork work, Duration lease) {
        if (usesLeases(lockDir)) {
            LeaseClusterService leases = new LeaseClusterService(dbUrl, work);
            leases.setLease(lease);
            return leases;
        }
        return fileLock(Path.of(lockDir));
    }

    /** True when the instances lead their feeds by leases in the database (no {@code ingest.cluster.lock-dir}). */
    public static boolean usesLeases(String lockDir) {
        return lockDir == null || lockDir.isBlank();
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
}
