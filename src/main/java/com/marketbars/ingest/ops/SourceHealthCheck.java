package com.marketbars.ingest.ops;

import com.marketbars.ingest.pipeline.SourceControl;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/** Readiness: DOWN while the source is stopped (keys refused) or paused, with the reason. */
public final class SourceHealthCheck extends AbstractHealthCheck {
    private final String source;
    private final SourceControl control;

    public SourceHealthCheck(String source, SourceControl control) {
        super("ingest", "source-" + source);
        this.source = source;
        this.control = control;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("source", source);
        if (control.isRunning()) {
            builder.up();
        } else {
            builder.message("source " + source + " stopped: " + control.stoppedReason()).down();
        }
    }
}
