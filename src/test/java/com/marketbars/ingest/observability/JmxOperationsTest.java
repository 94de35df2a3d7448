package com.marketbars.ingest.observability;

import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestJobs;
import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees and does over JMX, read the way jconsole reads it: attributes and operations of the
 * platform MBeanServer, by ObjectName, with no reference to our classes.
 */
class JmxOperationsTest {
    static final String SOURCE = "alpaca_bars_1min";
    final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dir;
    IngestFixture fixture;
    IngestRuntime runtime;
    List<String> universe = GroundTruth.symbols(3);

    @BeforeEach
    void start() throws Exception {
        SimulatorSettings sim = new SimulatorSettings();
        sim.failingSymbol = universe.get(2);   // so the DLQ has a row to show
        sim.malformedRate = 0.01;               // and data_quality some rules
        fixture = IngestFixture.start(dir, sim, universe);
        Map<String, String> settings = fixture.settings();
        settings.put("camel.main.jmx-enabled", "true");
        settings.put("ingest.scheduler.enabled", "false");
        // four days back: whatever today is, that holds at least two trading sessions
        settings.put("ingest.start", Instant.now().truncatedTo(ChronoUnit.DAYS).minus(4, ChronoUnit.DAYS).toString());
        settings.put("ingest.window", "P1D");
        runtime = IngestRuntime.start(null, settings);
    }

    @AfterEach
    void stop() {
        runtime.stop();
        fixture.close();
    }

    @Test
    void theSourceShowsItsCheckpointLagTotalsAndLastWindow() throws Exception {
        ObjectName source = new ObjectName("market-bars-ingest:type=Feed,name=" + SOURCE);
        assertThat(jmx.getAttribute(source, "Checkpoint")).isEqualTo("");
        assertThat(jmx.getAttribute(source, "LagSeconds")).isEqualTo(-1L);
        assertThat(jmx.getAttribute(source, "SymbolsNeverIngested")).isEqualTo(3);

        catchUp();

        String checkpoint = (String) jmx.getAttribute(source, "Checkpoint");
        assertThat(Instant.parse(checkpoint)).isAfter(Instant.now().minus(10, ChronoUnit.MINUTES));
        assertThat((Long) jmx.getAttribute(source, "LagSeconds")).isBetween(0L, 600L);
        assertThat(GroundTruth.count(fixture.dbUrl)).isPositive();
        assertThat(jmx.getAttribute(source, "SymbolsNeverIngested")).isEqualTo(0);
        assertThat((Long) jmx.getAttribute(source, "WindowsCompleted")).isGreaterThanOrEqualTo(4L);
        assertThat((Long) jmx.getAttribute(source, "BarsNew")).isEqualTo(GroundTruth.count(fixture.dbUrl));
        assertThat((Long) jmx.getAttribute(source, "BatchesDeadLettered")).isGreaterThanOrEqualTo(1L);
        assertThat((String) jmx.getAttribute(source, "LastWindow")).contains("symbols").contains("took");
        assertThat(jmx.getAttribute(source, "Running")).isEqualTo(true);
        javax.management.openmbean.TabularData byRule = (javax.management.openmbean.TabularData) jmx.getAttribute(source, "QuarantinedByRule");
        long quarantined = byRule.values().stream()
                .mapToLong(row -> (Long) ((javax.management.openmbean.CompositeData) row).get("value")).sum();
        assertThat(quarantined).as("quarantined bars by rule").isPositive();
        assertThat((Long) jmx.getAttribute(source, "BarsRejected")).isEqualTo(quarantined);
    }

    @Test
    void pauseStopsTheSourceUntilResumeAndRunNowSaysWhy() throws Exception {
        ObjectName source = new ObjectName("market-bars-ingest:type=Feed,name=" + SOURCE);

        assertThat(jmx.invoke(source, "pause", null, null)).isEqualTo("source " + SOURCE + " paused");
        assertThat(jmx.getAttribute(source, "Running")).isEqualTo(false);
        assertThat((String) jmx.getAttribute(source, "StoppedReason")).contains("paused");
        assertThat((String) jmx.invoke(source, "runNow", null, null)).contains("not running");
        catchUp();   // a catch-up of a paused source stops before its first window
        assertThat(GroundTruth.count(fixture.dbUrl)).isZero();

        jmx.invoke(source, "resume", null, null);
        assertThat(jmx.getAttribute(source, "Running")).isEqualTo(true);
        catchUp();
        assertThat(GroundTruth.count(fixture.dbUrl)).isPositive();
    }

    @Test
    void theDlqAndTheAccountQuotaAndCamelsRoutesAreThere() throws Exception {
        catchUp();
        ObjectName dlq = new ObjectName("market-bars-ingest:type=DeadLetterQueue,name=" + SOURCE);
        assertThat((Long) jmx.getAttribute(dlq, "Depth")).isGreaterThanOrEqualTo(1L);
        assertThat((String) jmx.getAttribute(dlq, "OldestEntry")).isNotEmpty();
        String[] rows = (String[]) jmx.invoke(dlq, "list", new Object[]{false}, new String[]{"boolean"});
        assertThat(rows).allMatch(r -> r.contains(universe.get(2)) && r.contains("HTTP 400"));

        long id = Long.parseLong(rows[0].substring(1, rows[0].indexOf(' ')));
        assertThat((String) jmx.invoke(dlq, "retry", new Object[]{id}, new String[]{"long"})).contains("is due now");
        // the queued pass replays the row; the vendor still refuses the symbol, so it is rescheduled
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                ((String[]) jmx.invoke(dlq, "list", new Object[]{false}, new String[]{"boolean"}))[0].contains("retries=1"));

        ObjectName account = new ObjectName("market-bars-ingest:type=Account,name=alpaca");
        assertThat((Long) jmx.getAttribute(account, "Requests")).isPositive();
        assertThat((String) jmx.getAttribute(account, "Quota")).isEqualTo("none");

        Set<ObjectName> routes = jmx.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null);
        assertThat(routes).extracting(n -> n.getKeyProperty("name"))
                .contains("\"ingest-job\"", "\"fetch-batch\"", "\"fetch-page-alpaca_bars_1min\"", "\"dlq-retry\"");
    }

    /** One catch-up of the source, as the schedule would start it. */
    private void catchUp() {
        IngestJob job = runtime.bean("Feeds", com.marketbars.ingest.feeds.Feeds.class).chosen(null).jobs().scheduled();
        try {
            runtime.context().createProducerTemplate().requestBody("direct:ingest-job", job);
        } catch (org.apache.camel.CamelExecutionException stoppedEarly) {
            // a paused source ends its catch-up; what it did is what the test reads
        }
    }
}
