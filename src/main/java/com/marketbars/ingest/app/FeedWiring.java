package com.marketbars.ingest.app;

import com.marketbars.ingest.checkpoint.IngestJobs;
import com.marketbars.ingest.cluster.Leadership;
import com.marketbars.ingest.console.ConsoleApi;
import com.marketbars.ingest.dlq.DeadLetterQueue;
import com.marketbars.ingest.dlq.DeadLetterReview;
import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.errors.VendorCircuitBreaker;
import com.marketbars.ingest.feeds.Feed;
import com.marketbars.ingest.feeds.FeedRoutes;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.observability.CircuitHealthCheck;
import com.marketbars.ingest.observability.IngestMetrics;
import com.marketbars.ingest.observability.FeedView;
import com.marketbars.ingest.observability.FeedHealthCheck;
import com.marketbars.ingest.pipeline.FeedControl;
import com.marketbars.ingest.pipeline.WindowCompletion;
import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.store.StoreStatus;
import com.marketbars.ingest.store.UniverseStore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ProducerTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each feed: its universe, jobs, source control, circuit breaker, DLQ view, JMX view, metrics and health checks, and
 * the per-feed routes made from the vendors' templates ({@link FeedRoutes}).
 */
final class FeedWiring {
    /** The feeds, and each one's parts as the console shows them. */
    record Wired(Feeds all, Map<String, ConsoleApi.FeedParts> parts) {
    }

    private FeedWiring() {
    }

    /**
     * @param triggers sends a feed's catch-up trigger (JMX, the console)
     * @param retryPass queues a pass of the DLQ retry worker (JMX)
     */
    static Wired wire(Wiring w, StoreWiring.Stores stores, VendorWiring.Vendors vendors, UniverseWiring universes,
                      DeadLetterStore deadLetters, WindowCompletion completion, Leadership leadership,
                      ProducerTemplate triggers, Runnable retryPass, MeterRegistry metrics) throws Exception {
        List<Feed> feeds = new ArrayList<>();
        Map<String, ConsoleApi.FeedParts> parts = new LinkedHashMap<>();
        for (FeedSettings f : w.settings.feeds()) {
            UniverseStore universe = universes.forFeed(f);
            FeedControl control = new FeedControl(f.name(), vendors.keysOf(f));
            CircuitBreaker circuit = VendorCircuitBreaker.create("vendor-" + f.name(), w.settings.circuit());
            w.bind(Feed.circuitBeanName(f.name()), circuit);
            DeadLetterReview review = new DeadLetterReview(deadLetters, f.name());
            w.expose("DeadLetterQueue", f.name(), new DeadLetterQueue(review, retryPass));
            String due = Feed.dueTrigger(f.name());
            StoreStatus storeStatus = new StoreStatus(stores.db(), f.name());
            FeedView view = new FeedView(f.name(), stores.checkpoints(), universe, control, storeStatus,
                    () -> triggers.sendBody(due, null), () -> leadership.leads(f.name()), w.clock);
            completion.addListener(view);
            w.expose("Feed", f.name(), view);
            IngestMetrics.bindFeed(metrics, view, review, circuit);
            // readiness: the circuit, and the feed's view (its keys refused, its window held for a broken contract)
            w.bind("CircuitHealthCheck-" + f.name(), new CircuitHealthCheck(f.name(), circuit));
            w.bind("FeedHealthCheck-" + f.name(), new FeedHealthCheck(f.name(), control, view));
            Feed feed = new Feed(f, new IngestJobs(f, universe, w.clock), control, circuit, review);
            feeds.add(feed);
            parts.put(f.name(), new ConsoleApi.FeedParts(feed, view, storeStatus));
        }
        Feeds all = new Feeds(feeds);
        w.bind("Feeds", all);
        w.bind("FeedRoutes", new FeedRoutes(w.settings.feeds(), vendors.baseUrls()));
        return new Wired(all, parts);
    }
}
