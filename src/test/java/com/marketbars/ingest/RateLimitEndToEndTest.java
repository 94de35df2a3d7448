package com.marketbars.ingest;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorSimulator;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate limiter against the simulator's enforced sliding-window quota, over loopback HTTP. */
class RateLimitEndToEndTest {
    static final Instant FROM = Instant.parse("2026-11-23T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-25T00:00:00Z");

    @TempDir
    Path dir;
    IngestFixture fixture;
    VendorSimulator sim;
    String dbUrl;
    List<String> universe = GroundTruth.symbols(20);

    @BeforeEach
    void start() throws Exception {
        SimulatorSettings s = new SimulatorSettings();
        s.quotaRequests = 5;
        s.quotaPeriodMillis = 1_000;
        s.latencyMillis = 20;
        s.jitterMillis = 80;
        fixture = IngestFixture.start(dir, s, universe);
        sim = fixture.sim;
        dbUrl = fixture.dbUrl;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    Map<String, String> settings() {
        Map<String, String> s = fixture.settings();
        s.put("ingest.vendor.page-limit", "1000");
        s.put("ingest.batch.symbols", "5");
        s.put("ingest.account.quota", "5/PT1S");
        s.put("ingest.retry.initial-delay", "PT0.05S");
        return s;
    }

    @Test
    void aRunUnderTheVendorQuotaCausesNoViolation() throws Exception {
        Cli.Result r = Cli.run(settings(), "backfill", "--from", FROM.toString(), "--to", TO.toString(), "--quiet");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(sim.stats().quotaViolations()).isZero();
        assertThat(sim.stats().requests()).isGreaterThan(10);
        GroundTruth.assertExactly(dbUrl, universe, FROM, TO);
    }

    @Test
    void aRestartRightAfterSpendingTheQuotaDoesNotBurstIntoTheVendorsWindow() throws Exception {
        Map<String, String> settings = settings();
        // the ledger holds each request's slot until a period after its answer, whichever process sent it
        settings.put("ingest.http.response-timeout", "PT2S");
        assertThat(Cli.run(settings, "backfill", "--from", "2026-11-23", "--to", "2026-11-24", "--quiet").exitCode()).isZero();

        // a new process (a new Camel context and limiter) starts at once, with the vendor still counting
        Cli.Result again = Cli.run(settings, "backfill", "--from", "2026-11-24", "--to", "2026-11-25", "--quiet");

        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(sim.stats().quotaViolations()).isZero();
        GroundTruth.assertExactly(dbUrl, universe, FROM, TO);
    }

    @Test
    void a429StormLosesNothingAndIsNeverAReasonToGiveUp() throws Exception {
        sim.settings().rateLimitRate = 0.25;      // spurious 429s with Retry-After: 1
        Map<String, String> settings = settings();
        settings.put("ingest.retry.max-redeliveries", "0");   // were a 429 an ordinary failure, the run would fail

        Cli.Result r = Cli.run(settings, "backfill", "--from", "2026-11-24", "--to", "2026-11-25", "--quiet");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(sim.stats().count(429)).isPositive();
        GroundTruth.assertExactly(dbUrl, universe, Instant.parse("2026-11-24T00:00:00Z"), TO);
    }

    @Test
    void aQuotaTheVendorHalvesMidRunIsFollowed() throws Exception {
        sim.settings().quotaRequests = 10;
        Map<String, String> settings = settings();
        settings.put("ingest.account.quota", "10/PT1S");
        settings.put("ingest.vendor.page-limit", "300");
        Thread halver = new Thread(() -> {
            while (sim.stats().requests() < 15) {
                Thread.onSpinWait();
            }
            sim.settings().quotaRequests = 5;
        });
        halver.setDaemon(true);
        halver.start();

        Cli.Result r = Cli.run(settings, "backfill", "--from", FROM.toString(), "--to", TO.toString(), "--quiet");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        GroundTruth.assertExactly(dbUrl, universe, FROM, TO);
        // only the requests already admitted under the old quota can collide with the new one
        assertThat(sim.stats().quotaViolations()).isLessThanOrEqualTo(10);
        assertThat(sim.stats().requests()).isGreaterThan(50);
    }
}
