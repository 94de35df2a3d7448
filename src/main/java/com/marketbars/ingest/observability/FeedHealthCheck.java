package com.marketbars.ingest.observability;

import com.marketbars.ingest.pipeline.FeedControl;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Readiness: DOWN while the source is stopped (keys refused) or paused, with the reason; and DOWN while its window is
 * held because the vendor's bars break their contract (a rejection storm), naming the rules, the count and an example
 * bar - the source runs then, asking for the window on each trigger, but stores nothing until a window passes again.
 */
public final class FeedHealthCheck extends AbstractHealthCheck {
    private final String feed;
    private final FeedControl control;
    private final FeedViewMXBean view;

    public FeedHealthCheck(String feed, FeedControl control, FeedViewMXBean view) {
        super("ingest", "feed-" + feed);
        this.feed = feed;
        this.control = control;
        this.view = view;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("source", feed);
        String contractBroken = view.getVendorContractBroken();
        if (!control.isRunning()) {
            builder.message("source " + feed + " stopped: " + control.stoppedReason()).down();
        } else if (!contractBroken.isEmpty()) {
            builder.message("source " + feed + " held: " + contractBroken).down();
        } else {
            builder.up();
        }
    }
}
