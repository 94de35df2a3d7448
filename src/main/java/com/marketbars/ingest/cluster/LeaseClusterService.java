package com.marketbars.ingest.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A Camel cluster service whose leadership of a namespace (a feed) is a lease in the database ({@code feed_lease},
 * migration V13) that the leader must keep renewing: a leader that stops renewing - killed, frozen by SIGSTOP or a
 * paused VM, cut off by the network, its thread stuck - loses the feed at the lease's deadline, and a live standby
 * takes it at its next attempt. The same on PostgreSQL (across hosts) and on SQLite (one host); every time is the
 * database's, so the hosts' clocks do not matter.
 * <p>
 * Bound: a leader that stops renewing loses its feeds within {@link #setLease lease} (10 s by default) of its last
 * renewal; a standby takes them within one {@link #setInterval interval} (1 s) after that, and the master: consumers
 * start a second later - about 12 s from the last renewal to work elsewhere. A leader whose process died goes faster:
 * its PostgreSQL session ends (or, on SQLite, its pid is gone) and a standby takes its feeds at its next attempt.
 * <p>
 * Each take moves the feed's epoch up by one; the leader's checkpoint advances carry the epoch their catch-up started
 * under and the database refuses a stale one ({@link Leadership#epoch}), so a leader that wakes up after losing a feed
 * moves nothing.
 * <p>
 * The live instances share the namespaces ({@link FairShare}): each renews a row of its own in {@code cluster_member}
 * under a group made of its namespaces, and the rows not renewed within a lease are not counted - so a frozen
 * instance stops counting as it stops leading, and its share goes to the others. An instance leading more than its
 * share hands a namespace over between two runs of its work ({@link NamespaceWork}).
 * <p>
 * Every attempt of every view runs on this service's one thread over one database session ({@link LeaseSession}):
 * the renewals are this process's own scheduled work, not a property of an open connection.
 */
public final class LeaseClusterService extends AbstractCamelClusterService<LeaseClusterView> {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseClusterService.class);
    /** The live-instance group begins with this, then the instance's namespaces; a feed name has no '#'. */
    static final String LIVE_INSTANCES = "#live-instances:";

    private final String jdbcUrl;
    private final NamespaceWork work;
    /** This instance in the lease table: unique per start (a restarted process is another instance), and named for people. */
    private final String instance = UUID.randomUUID().toString();
    private final String instanceName = "pid " + ProcessHandle.current().pid() + " at " + hostName();
    private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
    /** The views made, by namespace: Camel's getView would make one (and count a reference) where none is. */
    private final Map<String, LeaseClusterView> views = new ConcurrentHashMap<>();
    private Duration interval = Duration.ofSeconds(1);
    private Duration lease = Duration.ofSeconds(10);
    private ScheduledExecutorService executor;
    /** Touched by the attempts' one thread, and by stop: under this service's monitor. */
    private LeaseSession session;
    private String memberGroup;
    private FairShare fairShare;
    private long fairShareCountedAt;
    private boolean countFailureLogged;

    public LeaseClusterService(String jdbcUrl) {
        this(jdbcUrl, NamespaceWork.NONE);
    }

    public LeaseClusterService(String jdbcUrl, NamespaceWork work) {
        super("market-bars-ingest");
        this.jdbcUrl = jdbcUrl;
        this.work = work;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown host";
        }
    }

    public Duration getInterval() {
        return interval;
    }

    /** How often a standby tries a lease and a leader renews its own; 1 s by default. */
    public void setInterval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.interval = interval;
    }

    public Duration getLease() {
        return lease;
    }

    /** How long a renewal keeps a feed; at least three intervals, so one late renewal does not lose it. */
    public void setLease(Duration lease) {
        if (lease.compareTo(interval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("the lease " + lease + " must be at least three intervals of " + interval);
        }
        this.lease = lease;
    }

    /** The holder this instance writes into the lease table. */
    String instance() {
        return instance;
    }

    /** "pid N at HOST", as the lease table and the logs name this instance. */
    String instanceName() {
        return instanceName;
    }

    @Override
    protected LeaseClusterView createView(String namespace) {
        namespaces.add(namespace);
        LeaseClusterView view = new LeaseClusterView(this, namespace);
        views.put(namespace, view);
        return view;
    }

    /** The session, opened when there is none; called on the attempts' thread. */
    synchronized LeaseSession session() throws SQLException {
        if (session == null) {
            session = LeaseSession.open(jdbcUrl, lease);
        }
        return session;
    }

    /** Drops a session that failed: the next attempt opens another. */
    synchronized void sessionFailed() {
        if (session != null) {
            session.close();
            session = null;
        }
        fairShare = null;
    }

    /**
     * This instance's share now, the live instances counted (and this instance's row renewed) at most once an
     * interval; null when they cannot be counted (the database unreachable), and then the leases alone decide.
     */
    synchronized FairShare fairShare() {
        long now = System.nanoTime();
        if (fairShare != null && now - fairShareCountedAt < interval.toNanos()) {
            return fairShare;
        }
        try {
            String group = LIVE_INSTANCES + String.join(",", new TreeSet<>(namespaces));
            if (memberGroup != null && !memberGroup.equals(group)) {
                session().leave(memberGroup, instance);   // a route asked for another namespace since: join the instances that have it too
            }
            memberGroup = group;
            List<String> live = session().liveMembers(group, instance, instanceName, lease);
            int rank = live.indexOf(instance);
            if (rank < 0) {
                throw new SQLException("this instance's row is not among the live ones");
            }
            FairShare counted = new FairShare(namespaces.size(), live.size(), rank);
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
                LOG.warn("Cluster: live instances not countable ({}); the leases alone decide who leads", e.getMessage());
                countFailureLogged = true;
            }
            sessionFailed();
            return null;
        }
    }

    /**
     * How many namespaces this instance leads, read from its own views. Not through Camel's {@code isLeader}: that takes
     * the service's lock, which Camel holds while it stops a view given back - and stopping a view waits for the view's
     * attempt in progress, which asks this. The two waited for each other for ever (a daemon's SIGTERM hung).
     */
    int leading() {
        return (int) namespaces.stream().map(views::get).filter(v -> v != null && v.leadsHere()).count();
    }

    /** Whether this instance should try for another namespace's lease: always, unless it is at its share. */
    boolean mayLeadAnother() {
        FairShare share = fairShare();
        return share == null || share.mayLeadAnother(leading());
    }

    /** Whether this instance, leading more than its share, should hand {@code namespace} over now. */
    boolean shouldHandOver(String namespace) {
        FairShare share = fairShare();
        return share != null && share.leadsTooMany(leading()) && !work.inProgress(namespace);
    }

    /** The epoch under which this instance leads {@code namespace}; null when it does not lead it. */
    public Long epoch(String namespace) {
        LeaseClusterView view = views.get(namespace);
        return view == null ? null : view.epoch();
    }

    /**
     * One thread for every view's attempts, made on first use (a view starts only when a route asks for it, so a
     * command without master: routes opens no session and no thread). Camel's threads are daemons.
     */
    synchronized ScheduledExecutorService executor() {
        if (executor == null) {
            CamelContext context = ObjectHelper.notNull(getCamelContext(), "CamelContext");
            executor = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "FeedLeases-" + getId());
        }
        return executor;
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();   // stops the views first: each releases its lease
        synchronized (this) {
            if (session != null && memberGroup != null) {
                try {
                    session.leave(memberGroup, instance);
                } catch (SQLException e) {
                    // the row stops counting at its deadline
                }
            }
            sessionFailed();
            memberGroup = null;
            if (executor != null) {
                getCamelContext().getExecutorServiceManager().shutdown(executor);
                executor = null;
            }
        }
    }
}
