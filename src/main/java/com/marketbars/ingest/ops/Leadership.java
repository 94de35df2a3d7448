package com.marketbars.ingest.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;

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
}
