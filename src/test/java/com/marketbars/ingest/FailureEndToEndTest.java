package com.marketbars.ingest;

import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.dlq.DeadLetter;
import com.marketbars.ingest.dlq.DeadLetterReview;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorSimulator;
import com.marketbars.ingest.support.Checkpoints;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failure handling end to end: the real CLI and routes against the simulator with its faults on, over loopback
 * HTTP, into a real SQLite file.
 */
class FailureEndToEndTest {
    static final Instant DAY = Instant.parse("2026-11-24T00:00:00Z");
    static final Instant NEXT_DAY = Instant.parse("2026-11-25T00:00:00Z");

    @TempDir
    Path dir;
    IngestFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void underMixedFaultsEveryBarLandsOnceExceptTheDelistedSymbolWhichEndsParkedWithItsReason() throws Exception {
        List<String> universe = GroundTruth.symbols(100);
        String delisted = universe.get(37);
        SimulatorSettings faults = new SimulatorSettings();
        faults.errorRate = 0.10;
        faults.rateLimitRate = 0.05;
        faults.hangRate = 0.02;
        faults.hangMillis = 2_000;
        faults.truncateRate = 0.01;
        faults.failingSymbol = delisted;
        faults.quotaRequests = 40;
        faults.quotaPeriodMillis = 1_000;
        faults.seed = 7;
        fixture = IngestFixture.start(dir, faults, universe);
        Map<String, String> settings = fixture.settings();
        settings.put("ingest.vendor.page-limit", "1000");          // ~20 pages a batch: many chances to fail
        settings.put("ingest.account.quota", "40/PT1S");
        settings.put("ingest.http.response-timeout", "PT0.5S");   // a hang is a timeout, redelivered
        settings.put("ingest.retry.initial-delay", "PT0.01S");
        settings.put("ingest.retry.max-delay", "PT0.1S");
        settings.put("ingest.dlq.retry-initial-delay", "PT0S");   // rows due at once, so passes can run back to back
        settings.put("ingest.dlq.max-retries", "2");

        Cli.Result backfill = Cli.run(settings, "backfill", "--from", "2026-11-24", "--to", "2026-11-25", "--quiet");
        // the backfill replays its own DLQ rows as they fall due: the delisted symbol's twice, then it is parked, so the
        // backfill is done except one batch in the DLQ - exit 3, not 0 (the range is not complete)
        assertThat(backfill.exitCode()).as(backfill.stderr()).isEqualTo(3);
        assertThat(backfill.stderr()).contains("Backfill done except 1 batch(es) in the DLQ");
        for (int pass = 0; pass < 3; pass++) {   // the retry worker: the row is parked, so the passes skip it
            workerPass(settings);
        }

        List<String> delivered = new ArrayList<>(universe);
        delivered.remove(delisted);
        GroundTruth.assertExactly(fixture.dbUrl, delivered, DAY, NEXT_DAY);   // every bar once, none missing, none extra
        List<DeadLetter> dlq = review(settings, r -> r.list(false));
        assertThat(dlq).singleElement().satisfies(d -> {
            assertThat(d.request().symbols()).containsExactly(delisted);
            assertThat(d.parked()).isTrue();
            assertThat(d.retryCount()).isEqualTo(2);
            assertThat(d.reason()).startsWith("HTTP 400").contains(delisted);
        });
        assertThat(fixture.sim.stats().quotaViolations()).isZero();
    }

    @Test
    void anOutageCostsABoundedNumberOfRequestsAndNoDlqRowsAndItsWindowsAreCompleteOnceItEnds() throws Exception {
        List<String> universe = GroundTruth.symbols(20);
        SimulatorSettings vendor = new SimulatorSettings();
        vendor.outage = true;
        fixture = IngestFixture.start(dir, vendor, universe);
        VendorSimulator sim = fixture.sim;
        Map<String, String> settings = fixture.settings();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(6));
        settings.put("ingest.start", start.toString());
        settings.put("ingest.window", "PT1H");
        settings.put("ingest.batch.symbols", "5");                 // 4 batches a window, all in flight at once
        settings.put("ingest.schedule", "* * * * * ?");            // a tick a second stands in for a tick a minute
        settings.put("ingest.dlq.schedule", "* * * * * ?");
        settings.put("ingest.scheduler.enabled", "true");
        settings.put("ingest.retry.initial-delay", "PT0.05S");
        settings.put("ingest.circuit.minimum-calls", "4");
        settings.put("ingest.circuit.window-calls", "8");
        settings.put("ingest.circuit.open-duration", "PT0.5S");     // stands in for a minute
        settings.put("ingest.circuit.half-open-calls", "2");

        IngestRuntime daemon = IngestRuntime.start(null, settings);
        try {
            // the outage: ~8 schedule ticks and ~8 open/half-open cycles of the circuit
            Thread.sleep(8_000);
            long requestsDuringOutage = sim.stats().requests();
            // unguarded: 8 ticks x 4 batches x (1 + 5 redeliveries) = 192 requests and 4 DLQ rows a tick. Guarded:
            // the calls that open the circuit, then two trial calls per half-open, one every open-duration at most
            assertThat(requestsDuringOutage).isBetween(4L, 4L + 2 + 2 * 17);
            assertThat(daemon.bean("Feeds", com.marketbars.ingest.feeds.Feeds.class).chosen(null).review().list(false)).isEmpty();
            assertThat(Checkpoints.of(fixture.dbUrl, "alpaca_bars_1min")).isEmpty();   // nothing passed over

            sim.settings().outage = false;
            Instant horizon = Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.HOURS);
            await().atMost(Duration.ofSeconds(60)).until(() -> caughtUpTo(horizon, universe));
        } finally {
            daemon.stop();
        }
        GroundTruth.assertExactly(fixture.dbUrl, universe, start, horizon(universe));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private boolean caughtUpTo(Instant horizon, List<String> universe) throws Exception {
        Map<String, Instant> cursors = Checkpoints.of(fixture.dbUrl, "alpaca_bars_1min");
        return cursors.size() == universe.size() && cursors.values().stream().noneMatch(t -> t.isBefore(horizon));
    }

    /** The checkpoint all symbols share once caught up: everything before it must be in bars. */
    private Instant horizon(List<String> universe) throws Exception {
        Map<String, Instant> cursors = Checkpoints.of(fixture.dbUrl, "alpaca_bars_1min");
        assertThat(cursors.keySet()).containsExactlyInAnyOrderElementsOf(universe);
        return cursors.values().stream().min(Instant::compareTo).orElseThrow();
    }

    private void workerPass(Map<String, String> settings) throws Exception {
        IngestRuntime runtime = IngestRuntime.start(null, withScheduler(settings, false));
        try {
            runtime.context().createProducerTemplate().requestBody("direct:dlq-retry", (Object) null);
        } finally {
            runtime.stop();
        }
    }

    private <T> T review(Map<String, String> settings, java.util.function.Function<DeadLetterReview, T> read) throws Exception {
        IngestRuntime runtime = IngestRuntime.start(null, withScheduler(settings, false));
        try {
            return read.apply(runtime.bean("Feeds", com.marketbars.ingest.feeds.Feeds.class).chosen(null).review());
        } finally {
            runtime.stop();
        }
    }

    private static Map<String, String> withScheduler(Map<String, String> settings, boolean on) {
        Map<String, String> s = new java.util.LinkedHashMap<>(settings);
        s.put("ingest.scheduler.enabled", String.valueOf(on));
        return s;
    }
}
