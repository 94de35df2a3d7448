package com.marketbars.ingest.ops;

import org.apache.camel.component.file.cluster.FileLockClusterService;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One active instance per database and source. The routes that start work ({@code ingest-schedule},
 * {@code ingest-on-start}, {@code dlq-retry-schedule}) consume through Camel's {@code master:} component, so only
 * the holder of a file lock runs them; a second process stands by and takes over when the lock holder dies (its
 * heartbeat goes stale after three missed seconds: about five seconds from {@code kill -9} to work).
 * <p>
 * The lock lives beside the SQLite file (a database a second process can reach is on the same host). It is an
 * OS file lock, so a process frozen by SIGSTOP keeps it and no second leader appears.
 */
public final class SingleInstance {
    private SingleInstance() {
    }

    public static FileLockClusterService fileLock(Path directory) {
        FileLockClusterService cluster = new FileLockClusterService();
        cluster.setId("market-bars-ingest");
        cluster.setRoot(directory.toAbsolutePath().toString());
        cluster.setAcquireLockDelay(1, TimeUnit.SECONDS);
        cluster.setAcquireLockInterval(1, TimeUnit.SECONDS);
        cluster.setHeartbeatTimeoutMultiplier(3);
        return cluster;
    }

    /**
     * Where the lock files go: {@code ingest.cluster.lock-dir} when set; else beside a SQLite database
     * ({@code data/market.db} -> {@code data/market.db.instance/}); else, for PostgreSQL, the working directory's
     * {@code data/instance/} - which guards only processes on this host (see the README).
     */
    public static Path lockDirectory(String configured, String dbUrl) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        if (dbUrl.startsWith("jdbc:sqlite:")) {
            String file = dbUrl.substring("jdbc:sqlite:".length());
            int q = file.indexOf('?');
            return Path.of((q < 0 ? file : file.substring(0, q)) + ".instance");
        }
        return Path.of("data", "instance");
    }
}
