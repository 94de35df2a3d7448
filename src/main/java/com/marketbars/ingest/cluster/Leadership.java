package com.marketbars.ingest.cluster;

import com.marketbars.ingest.checkpoint.Fence;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;

import java.util.Objects;

/**
 * Asked by a feed's trigger route before a catch-up starts: a trigger queued while this instance led the feed must not
 * start one after the feed went to another instance (handed over, or the lock lost).
 */
public final class Leadership {
    private final CamelContext context;

    public Leadership(CamelContext context) {
        this.context = context;
    }

    /**
     * Whether this process may start the namespace's work: it leads the namespace, or no leadership governs the
     * namespace here (no master: route asked for it - the schedule is off, as in one-shot commands and route specs).
     */
    public boolean leads(String namespace) {
        CamelClusterService cluster = context.hasService(CamelClusterService.class);
        if (cluster == null || !cluster.getNamespaces().contains(namespace)) {
            return true;
        }
        return cluster.isLeader(namespace);
    }

    /**
     * The epoch of this instance's lease of the namespace now, the token of its work's {@link #fence}; null when no
     * lease governs the namespace here (no master: route asked for it, or a file lock) - then nothing is fenced, as in
     * one-shot commands.
     */
    public Long epoch(String namespace) {
        CamelClusterService cluster = context.hasService(CamelClusterService.class);
        if (!(cluster instanceof LeaseClusterService leases) || !cluster.getNamespaces().contains(namespace)) {
            return null;
        }
        Long epoch = leases.epoch(namespace);
        // led by another instance, or lost since: a token that matches no epoch, so the work moves nothing
        return epoch == null ? NOT_LEADING : epoch;
    }

    /**
     * The fence of the feed's catch-up started now: this instance's epoch of the feed's lease, which the database
     * compares with the feed's own at every checkpoint advance and DLQ row, and which stops the planning of new
     * windows once this instance no longer leads under it; null when no lease governs the feed here.
     */
    public Fence fence(String feed) {
        Long epoch = epoch(feed);
        return epoch == null ? null : new Fence.FeedLease(feed, epoch, () -> Objects.equals(epoch, epoch(feed)));
    }

    /** An epoch no lease ever has (epochs start at 1). */
    public static final long NOT_LEADING = -1;
}
