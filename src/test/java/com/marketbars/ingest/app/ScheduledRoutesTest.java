package com.marketbars.ingest.app;

import com.marketbars.ingest.cluster.CatchUpOnLeadership;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.apache.camel.Route;
import org.apache.camel.cluster.CamelClusterService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routes that only a scheduled daemon starts are made only when the scheduler is on: the one-shot commands
 * (ingest.scheduler.enabled=false) get neither them nor Quartz nor the cluster service behind master: (nor the
 * catch-up on taking a lock).
 */
class ScheduledRoutesTest {
    private static final List<String> SCHEDULED = List.of("ingest-schedule-alpaca_bars_1min", "dlq-retry-schedule",
            "backfill-shards");

    @TempDir
    Path dir;
    IngestFixture fixture;
    IngestRuntime runtime;

    @BeforeEach
    void vendor() throws Exception {
        fixture = IngestFixture.start(dir, new SimulatorSettings(), GroundTruth.symbols(2));
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stop();
        }
        fixture.close();
    }

    @Test
    void withoutTheSchedulerNoTriggerRouteQuartzOrClusterServiceIsMade() throws Exception {
        runtime = start(false);

        assertThat(routeIds()).doesNotContainAnyElementsOf(SCHEDULED)
                .contains("ingest-job", "fetch-batch", "ingest-due-alpaca_bars_1min", "fetch-page-alpaca_bars_1min", "dlq-due");
        assertThat(runtime.context().hasComponent("quartz")).isNull();
        assertThat(runtime.context().hasComponent("master")).isNull();
        assertThat(runtime.context().hasService(CamelClusterService.class)).isNull();
        assertThat(runtime.context().hasService(CatchUpOnLeadership.class)).isNull();
    }

    @Test
    void withTheSchedulerTheDaemonHasItsTriggersAndOneActiveInstance() throws Exception {
        runtime = start(true);

        assertThat(routeIds()).containsAll(SCHEDULED).contains("ingest-job");
        assertThat(runtime.context().hasService(CamelClusterService.class)).isNotNull();
        assertThat(runtime.context().hasService(CatchUpOnLeadership.class)).isNotNull();
    }

    /** Scheduler on or off; no route starts either way (camel.main.autoStartup=false), so nothing is ingested. */
    private IngestRuntime start(boolean scheduler) throws Exception {
        Map<String, String> settings = fixture.settings();
        settings.put("ingest.scheduler.enabled", String.valueOf(scheduler));
        settings.put("camel.main.autoStartup", "false");
        return IngestRuntime.start(null, settings);
    }

    private List<String> routeIds() {
        return runtime.context().getRoutes().stream().map(Route::getRouteId).toList();
    }
}
