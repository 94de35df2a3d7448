package com.marketbars.ingest.app;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;

/**
 * The routes only a scheduled daemon runs ({@code ingest.scheduler.enabled=true}): each feed's schedule
 * ({@code ingest-schedule-FEED}), the retry worker's schedule, the backfill-shard poll and a vendor universe's refreshes
 * ({@code universe-at-start-FEED}, {@code universe-schedule-FEED}; {@code run --once} refreshes on its own).
 * Without the scheduler - backfill, run --once, gaps --refetch, dlq retry - they would never start, so they are not
 * made at all: no Quartz scheduler, no {@code master:} endpoint and no cluster service (nor its
 * {@link com.marketbars.ingest.cluster.CatchUpOnLeadership}) is created, started and stopped
 * by a command that exits when its work is done.
 */
final class ScheduledRoutes {
    /** Route ids, in the syntax of Camel's route filter (a trailing * matches any feed). */
    static final String IDS = "ingest-schedule-*,dlq-retry-schedule,backfill-shards,universe-at-start-*,universe-schedule-*";

    private ScheduledRoutes() {
    }

    /** Called before the routes are collected: the routes of {@link #IDS} are then never added to the context. */
    static void leaveOut(CamelContext context) {
        context.getCamelContextExtension().getContextPlugin(Model.class).setRouteFilterPattern(null, IDS);
    }
}
