package com.marketbars.ingest.feeds;

import com.marketbars.ingest.checkpoint.IngestJobs;
import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.dlq.DeadLetterReview;
import com.marketbars.ingest.pipeline.FeedControl;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * One feed as it runs in this process: its settings, the jobs it makes, whether it runs, the circuit of its vendor
 * endpoint and its DLQ review.
 */
public record Feed(FeedSettings settings, IngestJobs jobs, FeedControl control, CircuitBreaker circuit,
                   DeadLetterReview review) {

    public String name() {
        return settings.name();
    }

    /** The id of the route that fetches one page of a feed (made from its provider's route template). */
    public static String pageRouteId(String feed) {
        return "fetch-page-" + feed;
    }

    /** The route that runs the feed's scheduled catch-ups, one at a time (feed-due in ingest.camel.yaml). */
    public static String dueRouteId(String feed) {
        return "ingest-due-" + feed;
    }

    /**
     * The endpoint a trigger of the feed's catch-up sends to (the schedule, a leadership just taken, JMX, the console):
     * the queue of {@link #dueRouteId}, which holds one trigger behind the running catch-up and drops any more.
     */
    public static String dueTrigger(String feed) {
        return "seda:ingest-due-" + feed + "?size=1&discardWhenFull=true";
    }

    /** Registry names of the per-feed beans its page route refers to. */
    public static String circuitBeanName(String feed) {
        return "CircuitBreaker-" + feed;
    }

    /** A provider whose request builder is the feed's own (Massive: its timeframe and page limit). */
    public static String requestBeanName(String feed) {
        return "MassiveRequest-" + feed;
    }

    public static String quotaBeanName(String account) {
        return "AccountQuota-" + account;
    }
}
