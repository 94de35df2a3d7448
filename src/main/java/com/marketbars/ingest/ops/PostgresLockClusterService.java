package com.marketbars.ingest.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A Camel cluster service whose leadership is a PostgreSQL advisory lock, so instances on different hosts that
 * share one database never lead a namespace at the same time (a file lock only sees its own host).
 * <p>
 * Each namespace (the {@code master:<namespace>:} of a route) gets a view holding its own JDBC session, opened
 * with {@link java.sql.DriverManager} from {@code ingest.db.url}; see {@link AdvisoryLockSession} for the key.
 * A leader killed with {@code kill -9} loses its TCP session, the server releases the lock at once, and a
 * standby takes it at its next attempt: within one {@link #setInterval interval}.
 * <p>
 * The live instances share the namespaces ({@link FairShare}): each holds one more advisory lock in shared mode, on
 * a key made of its namespaces, and the sessions holding it are the live instances of the deployment, ranked by age -
 * no table, no heartbeat, and a killed instance stops counting the moment its session dies. Instances with other
 * namespaces (another deployment's feeds in the same schema) hold another key, so they neither count nor wait here,
 * and where they share a namespace the lock alone decides, as before sharing. An instance leading more than its
 * share hands a namespace over between two runs of its work ({@link NamespaceWork}); one at its share stops trying
 * the others' locks. When the count cannot be read, the locks alone decide, as before sharing.
 */
public final class PostgresLockClusterService extends AbstractCamelClusterService<PostgresLockClusterView> {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresLockClusterService.class);
    /** The live-instance lock's namespace begins with this, then the instance's namespaces; a feed name has no '#'. */
    static final String LIVE_INSTANCES = "#live-instances:";

    private final String jdbcUrl;
    private final NamespaceWork work;
    private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
    private Duration interval = Duration.ofSeconds(1);
    private ScheduledExecutorService executor;
    /** The session holding the live-instance lock; touched by the view attempts' one thread, and by stop. */
    private AdvisoryLockSession liveInstance;
    private FairShare fairShare;
    private long fairShareCountedAt;
    private boolean countFailureLogged;

    public PostgresLockClusterService(String jdbcUrl) {
        this(jdbcUrl, NamespaceWork.NONE);
    }

    public PostgresLockClusterService(String jdbcUrl, NamespaceWork work) {
        super("market-bars-ingest");
        this.jdbcUrl = jdbcUrl;
        this.work = work;
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
        namespaces.add(namespace);
        return new PostgresLockClusterView(this, namespace);
    }

    /**
     * This instance's share now, the live instances counted at most once an interval; null when they cannot be
     * counted (the database unreachable), and then the locks alone decide. Called on the attempts' thread.
     */
    synchronized FairShare fairShare() {
        long now = System.nanoTime();
        if (fairShare != null && now - fairShareCountedAt < interval.toNanos()) {
            return fairShare;
        }
        try {
            String group = LIVE_INSTANCES + String.join(",", new TreeSet<>(namespaces));
            if (liveInstance != null && !liveInstance.namespace().equals(group)) {
                leaveLiveInstances();   // a route asked for another namespace since: join the instances that have it too
            }
            if (liveInstance == null) {
                liveInstance = AdvisoryLockSession.open(jdbcUrl, group, "live instance");
                if (!liveInstance.tryAcquireShared()) {
                    throw new SQLException("the live-instance lock is held exclusively by another session");
                }
            }
            int[] holdersAndRank = liveInstance.holdersAndRank();
            if (holdersAndRank[0] < 1 || holdersAndRank[1] >= holdersAndRank[0]) {
                throw new SQLException("the live-instance lock is not held by this session");
            }
            FairShare counted = new FairShare(namespaces.size(), holdersAndRank[0], holdersAndRank[1]);
            if (!counted.equals(fairShare)) {
                LOG.info("Cluster: {} live instance(s); this one leads {} of the {} feeds", counted.instances(),
                        counted.share(), counted.namespaces());
            }
            fairShare = counted;
            fairShareCountedAt = now;
            countFailureLogged = false;
            return counted;
        } catch (SQLException e) {
            if (!countFailureLogged) {
                LOG.warn("Cluster: live instances not countable ({}); the locks alone decide who leads", e.getMessage());
                countFailureLogged = true;
            }
            leaveLiveInstances();
            fairShare = null;
            return null;
        }
    }

    /** How many namespaces this instance leads. */
    int leading() {
        return (int) namespaces.stream().filter(this::isLeader).count();
    }

    /** Whether this instance should try for another namespace's lock: always, unless it is at its share. */
    boolean mayLeadAnother() {
        FairShare share = fairShare();
        return share == null || share.mayLeadAnother(leading());
    }

    /** Whether this instance, leading more than its share, should hand {@code namespace} over now. */
    boolean shouldHandOver(String namespace) {
        FairShare share = fairShare();
        return share != null && share.leadsTooMany(leading()) && !work.inProgress(namespace);
    }

    private synchronized void leaveLiveInstances() {
        if (liveInstance != null) {
            liveInstance.close();
            liveInstance = null;
        }
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
        leaveLiveInstances();
        synchronized (this) {
            fairShare = null;
        }
        synchronized (this) {
            if (executor != null) {
                getCamelContext().getExecutorServiceManager().shutdown(executor);
                executor = null;
            }
        }
    }
}
