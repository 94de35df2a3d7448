package com.marketbars.ingest;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorSimulator;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import com.marketbars.ingest.support.RealTimeBounds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The account quota against the simulator's enforced sliding-window quota, over loopback HTTP. */
@RealTimeBounds
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

    /**
     * A vendor that queues some requests at its gateway counts them when they leave the queue - here after the client
     * stopped waiting. Such a request had no answer: its slot is held as one never answered (send + connect and
     * response timeouts + the period), not freed a period after the client gave up, which let the vendor see the
     * quota exceeded (FreezeChaosPostgresTest, seed 11: two 429s for exceeding it, on a loaded machine).
     */
    @Test
    void aRequestTheVendorCountsAfterTheClientStoppedWaitingStillHoldsItsSlot() throws Exception {
        sim.settings().queueRate = 0.3;
        sim.settings().queueMillis = 700;   // past the client's response timeout below
        Map<String, String> settings = settings();
        settings.put("ingest.http.response-timeout", "PT0.3S");
        settings.put("ingest.http.connect-timeout", "PT1S");
        settings.put("ingest.retry.max-redeliveries", "8");
        settings.put("ingest.retry.max-delay", "PT0.1S");
        settings.put("ingest.circuit.failure-rate", "100");

        Cli.Result r = Cli.run(settings, "backfill", "--from", FROM.toString(), "--to", TO.toString(), "--quiet");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(sim.stats().requests()).as("requests, some of them queued past the timeout").isGreaterThan(12);
        assertThat(sim.stats().quotaViolations()).as("requests the vendor counted beyond its quota").isZero();
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

    /**
     * Every request the vendor sees took a slot of the ledger: the HTTP client never retries on its own (Apache
     * HttpClient 5 would resend a 503 or 429 once, under the same slot); every retry is a redelivery with a slot.
     */
    @Test
    void everyRequestTheVendorSeesTookASlotOfItsOwn() throws Exception {
        sim.settings().errorRate = 1.0;   // every answer a 503
        Map<String, String> settings = settings();
        settings.put("ingest.retry.max-redeliveries", "1");
        settings.put("ingest.circuit.failure-rate", "100");

        // --dlq-wait PT0S: no replay of the rows at the end, so the requests counted are the first attempts'
        Cli.Result r = Cli.run(settings, "backfill", "--from", "2026-11-24", "--to", "2026-11-25", "--quiet", "--dlq-wait", "PT0S");

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(3);   // all dead-lettered: the range is done but for the DLQ
        assertThat(sim.stats().requests()).as("4 batches, each asked twice (one redelivery)").isEqualTo(8);
        try (var c = java.sql.DriverManager.getConnection(dbUrl + ".quota");
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM quota_slot")) {
            rs.next();
            assertThat(rs.getLong(1)).as("slots taken").isEqualTo(sim.stats().requests());
        }
    }

    /** A vendor with two limits at once, as Finnhub or Twelve Data publish: the ledger keeps both. */
    @Test
    void severalLimitsAtOnceCauseNoViolationAndStatusReportsEachLimitsUse() throws Exception {
        sim.settings().quotaRequests = 3;
        sim.settings().quotaPeriodMillis = 1_000;
        sim.settings().set("extraQuota", "20/PT10S");
        Map<String, String> settings = settings();
        settings.put("ingest.account.quota", "3/PT1S, 20/PT10S");
        settings.put("ingest.vendor.page-limit", "700");
        long started = System.nanoTime();

        Cli.Result r = Cli.run(settings, "backfill", "--from", FROM.toString(), "--to", TO.toString(), "--quiet");

        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(sim.stats().quotaViolations()).isZero();
        assertThat(sim.stats().requests()).as("more requests than the 10 s limit allows at once").isGreaterThan(20);
        GroundTruth.assertExactly(dbUrl, universe, FROM, TO);

        String status = stdoutOf(() -> Cli.run(settings, "status"));
        assertThat(status).contains("quota 3/PT1S, 20/PT10S")
                .containsPattern("limit\\s+3/PT1S\\s+\\d+ sent in the last PT1S \\(\\d+%\\)")
                .containsPattern("limit\\s+20/PT10S\\s+\\d+ sent in the last PT10S \\(\\d+%\\)");
        // the binding limit is the 10 s one (2/s against 3/s): what share of it the run used, start-up included
        System.out.printf("two limits 3/PT1S + 20/PT10S: %d requests in %.1f s = %.0f%% of the binding 20/PT10S%n",
                sim.stats().requests(), seconds, 100 * sim.stats().requests() / (seconds * 2));
    }

    private static String stdoutOf(Runnable r) {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
