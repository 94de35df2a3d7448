package com.marketbars.ingest;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.support.ChildJvms;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two operators start the same backfill at once on one SQLite database (two processes of one machine): they join one
 * job and share its shards, so together they send the requests one would - not twice as many, as two independent
 * backfills did (22 where one sent 9) - and both exit 0 once the range is complete.
 * <p>
 * 10 symbols x 4 days in 8 shards of 5 symbols x one day, on pages of 1,000 bars: each shard ~3 requests, 24 in all,
 * as 100 symbols on pages of 10,000 had, with a tenth of the bars. What keeps the two in the job together is not the
 * bars but the vendor's latency: 300 ms a request makes a shard last ~1 s whatever the machine's load, so one process
 * alone would take 7 s or more over the 8 shards (about what it took of writing 186,000 bars, on a quiet machine), and
 * the other JVM, started at the same moment, joins long before.
 */
class ConcurrentBackfillsTest {
    private static final Instant FROM = Instant.parse("2026-11-16T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-20T00:00:00Z");

    @TempDir
    Path dir;
    private IngestFixture fixture;
    private static final int SHARD_SYMBOLS = 5;
    private static final int PAGE_LIMIT = 1_000;
    private final List<String> universe = GroundTruth.symbols(2 * SHARD_SYMBOLS);
    private final ChildJvms children = new ChildJvms();

    @BeforeEach
    void start() throws Exception {
        SimulatorSettings s = new SimulatorSettings();
        s.latencyMillis = 300;   // waiting, not bars, keeps the job running while the second process joins (see above)
        fixture = IngestFixture.start(dir, s, universe);
    }

    @AfterEach
    void stop() throws Exception {
        children.close();
        fixture.close();
    }

    @Test
    void twoIdenticalBackfillsStartedTogetherShareOneJobAndSendTheRequestsOfOne() throws Exception {
        Map<String, String> settings = fixture.settings();
        settings.put("ingest.vendor.page-limit", String.valueOf(PAGE_LIMIT));
        settings.put("ingest.backfill.shard-symbols", String.valueOf(SHARD_SYMBOLS));   // one batch (10 fit a request at 1,000 a page)
        settings.put("ingest.backfill.shard-period", "P1D");
        settings.put("ingest.backfill.poll", "PT0.2S");
        for (String name : List.of("first", "second")) {
            children.start(dir.resolve(name + ".log"), settings, "backfill", "--from", FROM.toString(), "--to", TO.toString(), "--quiet");
        }
        for (int i = 0; i < 2; i++) {
            Process p = children.started().get(i);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve((i == 0 ? "first" : "second") + ".log"))).isZero();
        }
        assertThat(Files.readString(dir.resolve("first.log")) + Files.readString(dir.resolve("second.log")))
                .as("both worked on job 1").contains("Backfill job 1 of").doesNotContain("Backfill job 2 of");
        GroundTruth.assertExactly(fixture.dbUrl, universe, FROM, TO);
        // 2 batches x 4 day windows, each as many pages of 1,000 as the vendor has bars for its 5 symbols that day
        // (with extended hours and thin symbols, 2 or 3), at least one
        long floor = 0;
        List<String> sorted = universe.stream().sorted().toList();
        for (int batch = 0; batch < sorted.size(); batch += SHARD_SYMBOLS) {
            for (Instant day = FROM; day.isBefore(TO); day = day.plus(java.time.Duration.ofDays(1))) {
                long bars = GroundTruth.served(com.marketbars.ingest.simulator.VendorEndpoint.ALPACA_STOCKS, sorted.subList(batch, batch + SHARD_SYMBOLS),
                        com.marketbars.ingest.model.Timeframe.ONE_MINUTE, day, day.plus(java.time.Duration.ofDays(1)), 0)
                        .values().stream().mapToLong(List::size).sum();
                floor += Math.max(1, (bars + PAGE_LIMIT - 1) / PAGE_LIMIT);
            }
        }
        System.out.printf("two identical backfills at once: %d requests, floor %d%n", fixture.sim.stats().requests(), floor);
        assertThat(fixture.sim.stats().requests()).as("the requests of one backfill").isEqualTo(floor);
    }
}
