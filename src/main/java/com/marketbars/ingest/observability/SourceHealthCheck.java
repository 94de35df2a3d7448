package com.marketbars.ingest.observability;

import com.marketbars.ingest.pipeline.SourceControl;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Readiness: DOWN while the source is stopped (keys refused) or paused, with the reason; and DOWN while its window is
 * held because the vendor's bars break their contract (a rejection storm), naming the rules, the count and an example
 * bar - the source runs then, asking for the window on each trigger, but stores nothing until a window passes again.
 */
public final class SourceHealthCheck extends AbstractHealthCheck {
    private final String source;
    private final SourceControl control;
    private final IngestSourceMXBean view;

    public SourceHealthCheck(String source, SourceControl control, IngestSourceMXBean view) {
        super("ingest", "source-" + source);
        this.source = source;
        this.control = control;
        this.view = view;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("source", source);
        String contractBroken = view.getVendorContractBroken();
        if (!control.isRunning()) {
            builder.message("source " + source + " stopped: " + control.stoppedReason()).down();
        } else if (!contractBroken.isEmpty()) {
            builder.message("source " + source + " held: " + contractBroken).down();
        } else {
            builder.up();
        }
    }
}
