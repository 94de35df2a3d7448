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
 */
class ConcurrentBackfillsTest {
    private static final Instant FROM = Instant.parse("2026-11-16T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-20T00:00:00Z");

    @TempDir
    Path dir;
    private IngestFixture fixture;
    private final List<String> universe = GroundTruth.symbols(100);
    private final ChildJvms children = new ChildJvms();

    @BeforeEach
    void start() throws Exception {
        SimulatorSettings s = new SimulatorSettings();
        s.latencyMillis = 30;
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
        settings.put("ingest.backfill.shard-symbols", "50");
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
        // 2 batches x 4 day windows, each as many pages of 10,000 as the vendor has bars for its 50 symbols that day
        // (with extended hours and thin symbols, 2 or 3), at least one
        long floor = 0;
        List<String> sorted = universe.stream().sorted().toList();
        for (int batch = 0; batch < sorted.size(); batch += 50) {
            for (Instant day = FROM; day.isBefore(TO); day = day.plus(java.time.Duration.ofDays(1))) {
                long bars = GroundTruth.served(com.marketbars.ingest.simulator.VendorEndpoint.ALPACA_STOCKS, sorted.subList(batch, batch + 50),
                        com.marketbars.ingest.model.Timeframe.ONE_MINUTE, day, day.plus(java.time.Duration.ofDays(1)), 0)
                        .values().stream().mapToLong(List::size).sum();
                floor += Math.max(1, (bars + 9_999) / 10_000);
            }
        }
        System.out.printf("two identical backfills at once: %d requests, floor %d%n", fixture.sim.stats().requests(), floor);
        assertThat(fixture.sim.stats().requests()).as("the requests of one backfill").isEqualTo(floor);
    }
}
