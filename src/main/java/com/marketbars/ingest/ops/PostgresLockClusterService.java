package com.marketbars.ingest.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.util.ObjectHelper;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A Camel cluster service whose leadership is a PostgreSQL advisory lock, so instances on different hosts that
 * share one database never lead a namespace at the same time (a file lock only sees its own host).
 * <p>
 * Each namespace (the {@code master:<namespace>:} of a route) gets a view holding its own JDBC session, opened
 * with {@link java.sql.DriverManager} from {@code ingest.db.url}; see {@link AdvisoryLockSession} for the key.
 * A leader killed with {@code kill -9} loses its TCP session, the server releases the lock at once, and a
 * standby takes it at its next attempt: within one {@link #setInterval interval}.
 */
public final class PostgresLockClusterService extends AbstractCamelClusterService<PostgresLockClusterView> {
    private final String jdbcUrl;
    private Duration interval = Duration.ofSeconds(1);
    private ScheduledExecutorService executor;

    public PostgresLockClusterService(String jdbcUrl) {
        super("market-bars-ingest");
        this.jdbcUrl = jdbcUrl;
    }

    public String getJdbcUrl() {
        return jdbcUrl;
    }

    public Duration getInterval() {
        return interval;
    }

    /** How often a standby tries the lock and a leader checks its session; 1 s by default. */
    public void setInterval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.interval = interval;
    }

    @Override
    protected PostgresLockClusterView createView(String namespace) {
        return new PostgresLockClusterView(this, namespace);
    }

    /**
     * One thread for every view's attempts, made on first use (a view starts only when a route asks for it, so a
     * command without master: routes opens no session and no thread). Camel's threads are daemons.
     */
    synchronized ScheduledExecutorService executor() {
        if (executor == null) {
            CamelContext context = ObjectHelper.notNull(getCamelContext(), "CamelContext");
            executor = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "PostgresLock-" + getId());
        }
        return executor;
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();   // stops the views first: each unlocks and closes its session
        synchronized (this) {
            if (executor != null) {
                getCamelContext().getExecutorServiceManager().shutdown(executor);
                executor = null;
            }
        }
    }
}
