package com.marketbars.ingest.cluster;

import com.marketbars.ingest.feeds.Feed;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts a feed's catch-up the moment this process takes the feed's lock: at start-up, and on taking a feed over from
 * an instance that died or handed it over - instead of waiting for the feed's first cron tick.
 * <p>
 * A listener of the feed's cluster view rather than a {@code master:} timer route because Camel's master consumer starts
 * its consumer one second after leadership is taken, a delay it does not let us configure (MasterConsumer's initial
 * delay), and a daemon's first row is due within two seconds of its start (issue 15: it was 2.5 s, a second of it this
 * wait). The trigger is the one the schedule sends ({@link Feed#dueTrigger}): one catch-up of a feed at a time, and a
 * trigger that finds another waiting is dropped. The scheduled routes keep {@code master:}; a few hundred ms do not
 * matter to a cron tick.
 */
public final class CatchUpOnLeadership extends ServiceSupport implements CamelClusterEventListener.Leadership {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUpOnLeadership.class);

    private final ProducerTemplate triggers;
    private final CamelClusterService cluster;
    private final List<String> feeds;
    private final List<CamelClusterView> views = new ArrayList<>();

    /** @param triggers sends the triggers; its owner stops it, after this service */
    public CatchUpOnLeadership(ProducerTemplate triggers, CamelClusterService cluster, List<String> feeds) {
        this.triggers = triggers;
        this.cluster = cluster;
        this.feeds = List.copyOf(feeds);
    }

    @Override
    protected void doStart() throws Exception {
        for (String feed : feeds) {
            // the view the feed's master: routes use too (the service keeps one per namespace); a view already led
            // tells a listener added late at once
            CamelClusterView view = cluster.getView(feed);
            views.add(view);
            view.addEventListener(this);
        }
    }

    @Override
    protected void doStop() throws Exception {
        for (CamelClusterView view : views) {
            view.removeEventListener(this);
            cluster.releaseView(view);
        }
        views.clear();
    }

    @Override
    public void leadershipChanged(CamelClusterView view, CamelClusterMember leader) {
        if (leader == null || !leader.isLocal() || !feeds.contains(view.getNamespace()) || !isRunAllowed()) {
            return;
        }
        try {
            // the seda queue holds the trigger until the feed's due route consumes it, should Camel still be starting
            triggers.sendBody(Feed.dueTrigger(view.getNamespace()), null);
        } catch (RuntimeException e) {
            // the schedule's next tick starts the catch-up instead
            LOG.warn("Could not start the catch-up of {} on taking its lock: {}", view.getNamespace(), e.toString());
        }
    }
}
