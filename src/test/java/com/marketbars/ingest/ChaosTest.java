package com.marketbars.ingest;

import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.dlq.DeadLetter;
import com.marketbars.ingest.dlq.DeadLetterReview;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.SyntheticBars;
import com.marketbars.ingest.simulator.VendorEndpoint;
import com.marketbars.ingest.support.ChildJvm;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import com.marketbars.ingest.support.PromptStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole, under everything at once. A seeded backfill of several days for 200 symbols (500 long) against the
 * simulator with mixed faults - 5xx, 429 storms, hangs, truncated JSON, malformed bars, a delisted symbol and an
 * outage - is killed with SIGKILL at random instants many times and restarted each time with the same command;
 * then the retry worker drains the DLQ. It proves: {@code bars} equals the vendor's bars minus exactly the
 * malformed ones; each malformed bar is in {@code data_quality} with its rule; every DLQ row left is the delisted
 * symbol's, parked with its reason; no duplicate; no quota violation at the simulator.
 * <p>
 * Bounded for CI (about two minutes). {@code -Dchaos.long=true} runs a longer one; {@code -Dchaos.seed=N} repeats
 * a run: a failure prints the seed that reproduces it.
 */
class ChaosTest {
    static final boolean LONG = Boolean.getBoolean("chaos.long");
    /**
     * The volume keeps the runs long enough for the kills to land: at 200 symbols 4-5 of the 6 kills meet a live
     * process. 80 symbols on pages of 400 (as many requests, 40% of the bars) saved a few seconds of CPU but let the
     * later runs end before their kill (3-4 of 6 landed, at the spec's floor of 3), so it stays.
     */
    static final int SYMBOLS = LONG ? 500 : 200;
    static final int PAGE_LIMIT = 1000;
    static final Instant FROM = Instant.parse("2026-11-16T00:00:00Z");
    static final Instant TO = FROM.plus(Duration.ofDays(LONG ? 10 : 3));
    static final int KILLS = LONG ? 15 : 6;
    static final double MALFORMED_RATE = 0.002;
    static final Path LOGS = Path.of("target", "chaos-test-logs");

    @TempDir
    Path dir;
    IngestFixture fixture;
    final ScheduledExecutorService outages = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        outages.shutdownNow();
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void killedAtRandomUnderEveryFaultTheTableEqualsTheVendorsBarsMinusTheQuarantinedOnes() throws Exception {
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        try {
            run(seed);
        } catch (AssertionError | Exception e) {
            throw new AssertionError("chaos run failed with seed " + seed + "; repeat it with -Dchaos.seed=" + seed
                    + " (logs in " + LOGS + "): " + e.getMessage(), e);
        }
    }

    private void run(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> universe = GroundTruth.symbols(SYMBOLS);
        String delisted = universe.get(random.nextInt(SYMBOLS));
        SimulatorSettings faults = new SimulatorSettings();
        faults.seed = seed;
        faults.errorRate = 0.05;
        faults.rateLimitRate = 0.03;
        faults.hangRate = 0.01;
        faults.hangMillis = 2_000;
        faults.truncateRate = 0.01;
        faults.malformedRate = MALFORMED_RATE;
        faults.failingSymbol = delisted;
        faults.quotaRequests = 50;
        faults.quotaPeriodMillis = 1_000;
        faults.latencyMillis = 10;
        fixture = IngestFixture.start(dir, faults, universe);
        Map<String, String> settings = settings();

        // the outage: 5 seconds of 503s (standing in for two minutes) inside one of the runs, once it is under way
        int outageRun = 1 + random.nextInt(KILLS - 1);
        ScheduledFuture<?> outageOver = null;
        List<String> kills = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            Process child = ChildJvm.start(LOGS.resolve("run-" + i + ".log"), Map.of(), backfillArgs(settings));
            long delay = 1_500 + random.nextInt(6_000);
            if (i == outageRun) {
                long before = fixture.sim.stats().requests();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (fixture.sim.stats().requests() == before && child.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(20);   // until this run is fetching, so the outage meets a working process
                }
                fixture.sim.settings().outage = true;
                outageOver = outages.schedule(() -> fixture.sim.settings().outage = false, 5, TimeUnit.SECONDS);
                delay = 7_000 + random.nextInt(3_000);
            }
            boolean exited = child.waitFor(delay, TimeUnit.MILLISECONDS);
            if (!exited) {
                child.destroyForcibly();   // SIGKILL
                child.waitFor(10, TimeUnit.SECONDS);
                kills.add(delay + " ms");
            }
        }
        // the last run is the one that must complete: it starts once the vendor is back (the outage's run can fail on
        // its own - exit 1, window incomplete - before its 5 s are over, and a quick last run met the rest of them)
        outageOver.get(10, TimeUnit.SECONDS);
        Process last = ChildJvm.start(LOGS.resolve("run-last.log"), Map.of(), backfillArgs(settings));
        assertThat(last.waitFor(240, TimeUnit.SECONDS)).as("the last run finishes").isTrue();
        // it replays the DLQ rows of the range (its own and those of the killed runs: the same cursor) until only the
        // delisted symbol's are left, parked: done except those batches, exit 3
        assertThat(last.exitValue()).as("the last run completes the range but the delisted symbol (log: run-last.log)").isEqualTo(3);
        assertThat(kills).as("processes killed mid-run").hasSizeGreaterThanOrEqualTo(KILLS / 2);

        assertThat(Files.readString(LOGS.resolve("run-" + outageRun + ".log")))
                .as("the outage opened the circuit (run-%d.log)", outageRun).contains(" OPEN: the vendor looks down");
        List<DeadLetter> left = drainDlq(settings);

        assertBarsAreTheVendorsMinusTheMalformed(universe, delisted, seed);
        assertQuarantineHoldsExactlyTheMalformed(universe, delisted, seed);
        assertThat(left).as("DLQ rows left").isNotEmpty().allSatisfy(d -> {
            assertThat(d.request().symbols()).containsExactly(delisted);
            assertThat(d.parked()).isTrue();
            assertThat(d.reason()).startsWith("HTTP 400");
        });
        assertThat(fixture.sim.stats().quotaViolations()).as("quota violations").isZero();
        System.out.printf("chaos seed=%d: %d symbols x %s, %d kills at %s, %d requests, %d DLQ rows parked%n",
                seed, SYMBOLS, Duration.between(FROM, TO), kills.size(), kills, fixture.sim.stats().requests(), left.size());
    }

    private void assertBarsAreTheVendorsMinusTheMalformed(List<String> universe, String delisted, long seed) throws Exception {
        // GroundTruth's check reads the table once (a query per symbol, WHERE symbol = ?, was a scan of the whole
        // table and a sort each: most of this spec's own CPU)
        Map<String, List<Bar>> want = new java.util.TreeMap<>(GroundTruth.served(VendorEndpoint.ALPACA_STOCKS, universe,
                Timeframe.ONE_MINUTE, FROM, TO, 0, seed, MALFORMED_RATE, true));
        want.put(delisted, List.of());
        GroundTruth.assertExactly(fixture.dbUrl, want);
    }

    private void assertQuarantineHoldsExactlyTheMalformed(List<String> universe, String delisted, long seed) throws Exception {
        Set<String> want = new HashSet<>();
        for (String s : universe) {
            if (!s.equals(delisted)) {
                SyntheticBars.range(s, FROM, TO).stream()
                        .filter(b -> SyntheticBars.corruption(s, b.ts().getEpochSecond() / 60, seed, MALFORMED_RATE) >= 0)
                        .forEach(b -> want.add(s + " " + b.ts()));
            }
        }
        Set<String> got = new HashSet<>();
        try (Connection c = DriverManager.getConnection(fixture.dbUrl);
             PreparedStatement ps = c.prepareStatement("SELECT symbol, ts, rule FROM data_quality");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                assertThat(rs.getString(3)).as("the rule of a quarantined bar").isNotBlank();
                assertThat(got.add(rs.getString(1) + " " + rs.getString(2))).as("quarantined once: %s", rs.getString(1)).isTrue();
            }
        }
        assertThat(want).as("malformed bars served").isNotEmpty();
        assertThat(got).as("quarantined bars").isEqualTo(want);
    }

    /**
     * Retry-worker passes until every row left is parked (at most a few: two failed replays park a row), then the DLQ
     * rows left, read by the same runtime (nothing writes to the database after it: a second runtime only to list
     * them was a second start).
     */
    private List<DeadLetter> drainDlq(Map<String, String> settings) throws Exception {
        IngestRuntime runtime = IngestRuntime.start(null, settings);
        try {
            DeadLetterReview review = runtime.bean("Feeds", com.marketbars.ingest.feeds.Feeds.class).chosen(null).review();
            for (int pass = 0; pass < 6 && review.list(false).stream().anyMatch(d -> !d.parked()); pass++) {
                runtime.context().createProducerTemplate().requestBody("direct:dlq-retry", (Object) null);
            }
            return review.list(false);
        } finally {
            runtime.stop();
        }
    }

    private Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>(fixture.settings());
        // Camel's default seda poll (1 s), not PromptStop's: with stops 2-3 s shorter, a run that fails in the outage
        // exits so soon that, when it is the last killed run, the final run can start inside the 5 s outage and fail
        s.remove(PromptStop.KEY);
        s.put("ingest.scheduler.enabled", "false");
        s.put("ingest.vendor.page-limit", String.valueOf(PAGE_LIMIT));
        s.put("ingest.account.quota", "50/PT1S");
        s.put("ingest.concurrency", "4");
        s.put("ingest.http.response-timeout", "PT0.5S");
        s.put("ingest.retry.initial-delay", "PT0.02S");
        s.put("ingest.retry.max-delay", "PT0.2S");
        s.put("ingest.circuit.open-duration", "PT1S");
        s.put("ingest.dlq.retry-initial-delay", "PT0S");
        s.put("ingest.dlq.max-retries", "2");
        return s;
    }

    private List<String> backfillArgs(Map<String, String> settings) {
        List<String> args = new ArrayList<>(List.of("backfill", "--from", FROM.toString(), "--to", TO.toString(), "--quiet"));
        settings.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        return args;
    }
}
