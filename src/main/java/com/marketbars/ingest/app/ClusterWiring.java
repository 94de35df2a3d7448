package com.marketbars.ingest.app;

import com.marketbars.ingest.cluster.CatchUpOnLeadership;
import com.marketbars.ingest.cluster.FeedLease;
import com.marketbars.ingest.cluster.FeedLeaders;
import com.marketbars.ingest.cluster.Leadership;
import com.marketbars.ingest.cluster.NamespaceWork;
import com.marketbars.ingest.cluster.SingleInstance;
import com.marketbars.ingest.feeds.Feed;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.store.Database;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.cluster.CamelClusterService;

/**
 * One active instance per database and feed: the scheduled routes consume via {@code master:<feed>}, and taking a
 * feed's lease starts its catch-up (CatchUpOnLeadership); a feed goes to another instance only between two of its
 * catch-ups (and, for the deployment's lease, DLQ passes). Without the scheduler (the one-shot commands) those routes
 * are left out, and with them the cluster service: nothing is led here and the feeds run in this process.
 */
final class ClusterWiring {
    private ClusterWiring() {
    }

    static Leadership leadership(Wiring w) {
        Leadership leadership = new Leadership(w.context);
        w.bind("Leadership", leadership);
        return leadership;
    }

    /** @return where each feed runs, as this process tells it (status, the console) */
    static FeedLeaders wire(Wiring w, Database db, Feeds all, Leadership leadership, ProducerTemplate triggers) throws Exception {
        boolean scheduled = Boolean.parseBoolean(w.property("ingest.scheduler.enabled", "true"));
        if (!scheduled) {
            ScheduledRoutes.leaveOut(w.context);
            return new FeedLeaders(db, false);
        }
        String deploymentLease = w.settings.firstFeed().name();
        NamespaceWork feedWork = feed -> w.context.getInflightRepository().size(Feed.dueRouteId(feed)) > 0
                || feed.equals(deploymentLease) && w.context.getInflightRepository().size("dlq-due") > 0;
        CamelClusterService cluster = SingleInstance.clusterService(w.settings.dbUrl(), w.settings.lockDir(), feedWork,
                w.settings.clusterLease());
        w.context.addService(cluster);
        w.context.addService(new CatchUpOnLeadership(triggers, cluster, all.names()));
        boolean leases = SingleInstance.usesLeases(w.settings.lockDir());
        FeedLeaders leaders = new FeedLeaders(db, leases);
        if (leases) {
            for (String feed : all.names()) {
                w.expose("Lease", feed, new FeedLease(feed, leaders, () -> leadership.leads(feed)));
            }
        }
        return leaders;
    }
}
