package com.marketbars.ingest.universe;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Readiness of a feed whose universe is its vendor's list ({@code universe-FEED}): DOWN while the universe is empty
 * (never refreshed, or every refresh failed: nothing is ingested); UP otherwise, saying when the last refresh failed or
 * was refused and the last good list is in use.
 */
public final class UniverseHealthCheck extends AbstractHealthCheck {
    private final UniverseView view;

    public UniverseHealthCheck(UniverseView view) {
        super("ingest", "universe-" + view.getFeed());
        this.view = view;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        UniverseView.State s = view.state();
        builder.detail("feed", s.feed());
        builder.detail("universe", s.source());
        builder.detail("symbols", s.size());
        if (s.lastRefreshAt() != null) {
            builder.detail("last.refresh", s.lastRefreshAt() + " " + s.lastRefreshOutcome());
        }
        boolean lastApplied = "applied".equals(s.lastRefreshOutcome());
        String last = s.lastRefreshOutcome() == null ? "no refresh yet" : "the last refresh " + s.lastRefreshOutcome() + " ("
                + s.lastRefreshDetail() + ")";
        if (s.size() == 0) {
            builder.message("feed " + s.feed() + " has no symbols: " + last).down();
        } else if (!lastApplied) {
            builder.message("feed " + s.feed() + " ingests its last good list of " + s.size() + " symbols"
                    + (s.lastAppliedAt() == null ? "" : " (of " + s.lastAppliedAt() + ")") + ": " + last).up();
        } else {
            builder.up();
        }
    }
}
