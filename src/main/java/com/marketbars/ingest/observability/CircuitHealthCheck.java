package com.marketbars.ingest.observability;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/** Readiness: DOWN while a feed's vendor circuit is open (the vendor looks down and no request is made); id vendor-circuit-FEED. */
public final class CircuitHealthCheck extends AbstractHealthCheck {
    private final CircuitBreaker circuit;

    public CircuitHealthCheck(String feed, CircuitBreaker circuit) {
        super("ingest", "vendor-circuit-" + feed);
        this.circuit = circuit;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        CircuitBreaker.State state = circuit.getState();
        builder.detail("state", state.name());
        builder.detail("failure.rate", circuit.getMetrics().getFailureRate());
        if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
            builder.message("vendor circuit " + state + ": the vendor looks down, no requests are made").down();
        } else {
            builder.up();
        }
    }
}
