package com.marketbars.ingest.ops;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Leadership of one namespace: holding its advisory lock. Every interval a standby tries the lock (opening its
 * session first when it has none) and the leader probes its session. A probe that fails means the session, and
 * with it the lock, is gone: the view reports the leadership lost (the master: consumers stop), drops the session
 * and goes back to trying with a new one.
 * <p>
 * The session state is touched under this view's monitor only, by the scheduled attempt and by stop.
 */
final class PostgresLockClusterView extends AbstractCamelClusterView {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresLockClusterView.class);

    private final PostgresLockClusterService service;
    private final LocalMember localMember = new LocalMember();
    private AdvisoryLockSession session;
    private ScheduledFuture<?> task;
    /** So a standby or an unreachable server is logged once per episode, not every second. */
    private boolean standbyLogged;
    private boolean failureLogged;

    PostgresLockClusterView(PostgresLockClusterService service, String namespace) {
        super(service, namespace);
        this.service = service;
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return localMember.isLeader() ? Optional.of(localMember) : Optional.empty();
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return localMember;
    }

    /** Empty, as for Camel's file lock: the lock tells whether we hold it, not who else waits for it. */
    @Override
    public List<CamelClusterMember> getMembers() {
        return Collections.emptyList();
    }

    @Override
    protected synchronized void doStart() {
        standbyLogged = false;
        failureLogged = false;
        task = service.executor().scheduleWithFixedDelay(this::attempt, 0, service.getInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (task != null) {
            task.cancel(false);
        }
        synchronized (this) {   // waits for an attempt in progress, which then finds the view stopping
            if (localMember.isLeader()) {
                LOG.info("PostgreSQL advisory lock {} released (leader for namespace {} no more: stopping)", session.key(),
                        getNamespace());
            }
            localMember.leader = false;
            closeSession();
        }
    }

    private synchronized void attempt() {
        if (!isStarting() && !isStarted()) {
            return;
        }
        try {
            if (localMember.isLeader()) {
                checkLeadership();
            } else {
                tryLeadership();
            }
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: log, and try again on the next interval
            LOG.warn("PostgreSQL advisory lock attempt for namespace {} failed", getNamespace(), e);
        }
    }

    private void tryLeadership() {
        if (!service.mayLeadAnother()) {
            // at its share: the namespace is for an instance below its own
            if (!standbyLogged) {
                LOG.info("Leading its {}: standing by for namespace {}", service.fairShare(), getNamespace());
                standbyLogged = true;
            }
            return;
        }
        try {
            if (session == null) {
                session = AdvisoryLockSession.open(service.getJdbcUrl(), getNamespace(), "lock " + getNamespace());
            }
            failureLogged = false;
            if (session.tryAcquire()) {
                LOG.info("PostgreSQL advisory lock {} acquired (leader for namespace {})", session.key(), getNamespace());
                localMember.leader = true;
                standbyLogged = false;
                fireLeadershipChangedEvent(localMember);
            } else if (!standbyLogged) {
                LOG.info("PostgreSQL advisory lock {} is held by another session: standing by for namespace {}",
                        session.key(), getNamespace());
                standbyLogged = true;
            }
        } catch (SQLException e) {
            if (!failureLogged) {
                LOG.warn("PostgreSQL advisory lock for namespace {} not available ({}); retrying every {} ms",
                        getNamespace(), e.getMessage(), service.getInterval().toMillis());
                failureLogged = true;
            }
            closeSession();
        }
    }

    private void checkLeadership() {
        try {
            session.probe();
        } catch (SQLException e) {
            LOG.warn("PostgreSQL advisory lock {} lost (leader for namespace {} no more): {}", session.key(),
                    getNamespace(), e.getMessage());
            stopLeading();
            closeSession();
            return;
        }
        if (service.shouldHandOver(getNamespace())) {
            handOver();
        }
    }

    /**
     * Gives the namespace to an instance below its share: the master: consumers stop first, then the lock goes. The
     * session stays for the next attempt, which finds this instance at its share and leaves the lock alone.
     */
    private void handOver() {
        FairShare share = service.fairShare();
        stopLeading();
        try {
            session.release();
            LOG.info("PostgreSQL advisory lock {} released: handing namespace {} over ({})", session.key(),
                    getNamespace(), share);
        } catch (SQLException e) {
            LOG.warn("PostgreSQL advisory lock {} lost while handing namespace {} over: {}", session.key(),
                    getNamespace(), e.getMessage());
            closeSession();
        }
        standbyLogged = false;
    }

    private void stopLeading() {
        localMember.leader = false;
        fireLeadershipChangedEvent((CamelClusterMember) null);   // the master: consumers stop before anything else happens here
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private final class LocalMember implements CamelClusterMember {
        private volatile boolean leader;

        @Override
        public boolean isLeader() {
            return leader;
        }

        @Override
        public boolean isLocal() {
            return true;
        }

        @Override
        public String getId() {
            return getClusterService().getId();
        }
    }
}
