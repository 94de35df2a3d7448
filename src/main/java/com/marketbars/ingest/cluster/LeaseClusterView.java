package com.marketbars.ingest.cluster;

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
 * Leadership of one namespace (a feed): holding its lease ({@link LeaseClusterService}). Every interval a standby
 * tries to take the lease and the leader renews it. A renewal the database refuses (the deadline passed, or another
 * instance took the feed meanwhile - what a process finds when it wakes from a freeze) ends the leadership at once: the
 * master: consumers stop and the view goes back to standing by. A renewal that cannot reach the database keeps the
 * leadership only until the lease's deadline as this process counts it from its last renewal, so that a leader cut off
 * from the database stops about when the others may take its feed.
 * <p>
 * The state is touched under this view's monitor only, by the scheduled attempt and by stop.
 */
final class LeaseClusterView extends AbstractCamelClusterView {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseClusterView.class);

    private final LeaseClusterService service;
    private final LocalMember localMember = new LocalMember();
    private ScheduledFuture<?> task;
    /** The epoch this instance leads under; null while it stands by. */
    private volatile Long epoch;
    /** System.nanoTime() at which the lease runs out by this process's count: the last renewal's start plus the lease. */
    private volatile long deadlineNanos;
    /** So a standby or an unreachable database is logged once per episode, not every second. */
    private boolean standbyLogged;
    private boolean failureLogged;

    LeaseClusterView(LeaseClusterService service, String namespace) {
        super(service, namespace);
        this.service = service;
    }

    /**
     * The epoch this instance leads under; null while it stands by, and from the lease's deadline as this process
     * counts it, even before a renewal blocked on a dead network has failed: no new work starts under it then.
     */
    Long epoch() {
        Long held = epoch;
        return held != null && System.nanoTime() - deadlineNanos < 0 ? held : null;
    }

    /** Whether this instance leads the namespace now; takes no lock (see {@link LeaseClusterService#leading()}). */
    boolean leadsHere() {
        return localMember.isLeader();
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return localMember.isLeader() ? Optional.of(localMember) : Optional.empty();
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return localMember;
    }

    /** Empty: the lease table names the holder (FeedLeaders), not the instances waiting for it. */
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
            Long held = epoch;
            if (held != null) {
                stopLeading();
                try {
                    service.session().release(getNamespace(), service.instance(), held);
                    LOG.info("Lease of feed {} released (epoch {}): stopping", getNamespace(), held);
                } catch (SQLException e) {
                    LOG.info("Lease of feed {} not released ({}): it runs out at its deadline", getNamespace(), e.getMessage());
                }
            }
        }
    }

    private synchronized void attempt() {
        if (!isStarting() && !isStarted()) {
            return;
        }
        try {
            if (localMember.isLeader()) {
                renew();
            } else {
                tryLeadership();
            }
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: log, and try again on the next interval
            LOG.warn("Lease attempt for feed {} failed", getNamespace(), e);
        }
    }

    /**
     * Takes the lease when it is free, expired, or its holder died. An instance at its share ({@link FairShare}) leaves
     * free and expired leases to the instances below theirs, but takes a dead holder's at once: the dead instance may
     * still count as live until its row's deadline, and its feeds should not wait for that.
     */
    private void tryLeadership() {
        boolean atShare = !service.mayLeadAnother();
        long sent = System.nanoTime();
        try {
            LeaseSession session = service.session();
            LeaseSession.Lease read = session.read(getNamespace());
            boolean died = read.holder() != null && read.deadline() >= read.now() && session.holderDied(read);
            failureLogged = false;
            if (atShare && !died) {
                if (!standbyLogged) {
                    LOG.info("Leading its {}: standing by for namespace {}", service.fairShare(), getNamespace());
                    standbyLogged = true;
                }
                return;
            }
            Optional<LeaseSession.Taken> taken = session.take(getNamespace(), read, died, service.instance(),
                    service.instanceName(), service.getLease());
            if (taken.isPresent()) {
                LeaseSession.Taken t = taken.get();
                LOG.info("Lease of feed {} taken by {} (epoch {}) from {}: {}", getNamespace(), service.instanceName(),
                        t.epoch(), t.from() == null ? "no one" : t.from(), t.because());
                deadlineNanos = sent + service.getLease().toNanos();
                epoch = t.epoch();
                localMember.leader = true;
                standbyLogged = false;
                fireLeadershipChangedEvent(localMember);
            } else if (!standbyLogged) {
                LOG.info("Lease of feed {} is held by {} (epoch {}): standing by for namespace {}", getNamespace(),
                        read.holderName(), read.epoch(), getNamespace());
                standbyLogged = true;
            }
        } catch (SQLException e) {
            if (!failureLogged) {
                LOG.warn("Lease of feed {} not available ({}); retrying every {} ms", getNamespace(), e.getMessage(),
                        service.getInterval().toMillis());
                failureLogged = true;
            }
            service.sessionFailed();
        }
    }

    private void renew() {
        long sent = System.nanoTime();
        long held = epoch;
        try {
            if (!service.session().renew(getNamespace(), service.instance(), held, service.getLease())) {
                lose(held, "its deadline passed or another instance took the feed (the database refused the renewal)");
                return;
            }
            deadlineNanos = sent + service.getLease().toNanos();
            failureLogged = false;
        } catch (SQLException e) {
            service.sessionFailed();
            // now, not when the renewal was sent: a call over a dead network fails only after its socket timeout
            if (System.nanoTime() - deadlineNanos >= 0) {
                lose(held, "no renewal reached the database before the deadline (" + e.getMessage() + ")");
            } else if (!failureLogged) {
                LOG.warn("Lease of feed {} not renewed ({}); leading until its deadline, retrying every {} ms", getNamespace(),
                        e.getMessage(), service.getInterval().toMillis());
                failureLogged = true;
            }
            return;
        }
        if (service.shouldHandOver(getNamespace())) {
            handOver(held);
        }
    }

    private void lose(long held, String why) {
        LOG.warn("Lease of feed {} lost (epoch {}): {}; standing by", getNamespace(), held, why);
        stopLeading();
        failureLogged = false;
    }

    /**
     * Gives the namespace to an instance below its share: the master: consumers stop first, then the lease goes (the
     * epoch stays, so the instance that takes it logs it as released).
     */
    private void handOver(long held) {
        FairShare share = service.fairShare();
        stopLeading();
        try {
            service.session().release(getNamespace(), service.instance(), held);
            LOG.info("Lease of feed {} released (epoch {}): handing it over ({})", getNamespace(), held, share);
        } catch (SQLException e) {
            LOG.warn("Lease of feed {} not released while handing it over ({}): it runs out at its deadline", getNamespace(),
                    e.getMessage());
            service.sessionFailed();
        }
        standbyLogged = false;
    }

    private void stopLeading() {
        epoch = null;
        localMember.leader = false;
        fireLeadershipChangedEvent((CamelClusterMember) null);   // the master: consumers stop before anything else happens here
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
