package com.marketbars.ingest;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorSimulator;
import com.marketbars.ingest.support.ChildJvm;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.PromptStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API keys reach the vendor (the simulator answers 403 without them) and nowhere else: a run's whole log,
 * with every Camel and HTTP-client logger at DEBUG, and a failing run's error output never contain them.
 */
class SecretsTest {
    static final String KEY_ID = "PKTESTKEYID0123456789";
    static final String SECRET = "s3cr3t-VALUE-that-must-never-be-logged-9f8e7d";

    @TempDir
    Path dir;

    @Test
    void keysAreSentToTheVendorAndNeverLoggedNorStored() throws Exception {
        SimulatorSettings settings = new SimulatorSettings();
        settings.requiredKeyId = KEY_ID;
        settings.failingSymbol = "DLST";   // so the run writes a DLQ row, which must not hold the keys either
        try (VendorSimulator sim = VendorSimulator.start(0, settings)) {
            String dbUrl = "jdbc:sqlite:" + dir.resolve("market.db");
            Path log = Path.of("target", "secrets-test-logs", "backfill.log");
            Process p = ChildJvm.start(log, Map.of("APCA_KEY_ID", KEY_ID, "APCA_SECRET", SECRET, "LOG_LEVEL", "DEBUG"), List.of(
                    "backfill", "--from", "2026-11-24", "--to", "2026-11-25",
                    "--set", "ingest.db.url=" + dbUrl,
                    "--set", "ingest.vendor.url=" + sim.baseUrl(),
                    "--set", "ingest.universe=AAPL,DLST,MSFT",
                    "--set", "camel.main.jmx-enabled=false",
                    // the backfill replays its DLQ row at once, once: the replay must not log the keys either
                    "--set", "ingest.dlq.retry-initial-delay=PT0S",
                    "--set", "ingest.dlq.max-retries=1",
                    "--set", PromptStop.KEY + "=" + PromptStop.VALUE));
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(log);

            assertThat(p.exitValue()).as("done except the delisted symbol's batch in the DLQ: " + output).isEqualTo(3);
            assertThat(output).contains("DLST").contains("are in the DLQ");
            assertThat(sim.stats().count(403)).as("every request carried the key").isZero();
            GroundTruth.assertExactly(dbUrl, List.of("AAPL", "MSFT"),
                    java.time.Instant.parse("2026-11-24T00:00:00Z"), java.time.Instant.parse("2026-11-25T00:00:00Z"));
            assertThat(output).doesNotContain(SECRET).doesNotContain(KEY_ID);
            try (var files = Files.list(dir)) {   // the database, its WAL and anything else the run left
                for (Path f : files.toList()) {
                    String bytes = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertThat(bytes).as(f.toString()).doesNotContain(SECRET).doesNotContain(KEY_ID);
                }
            }
        }
    }

    @Test
    void aRejectedKeyFailsTheRunWithoutPrintingTheKey() throws Exception {
        SimulatorSettings settings = new SimulatorSettings();
        settings.requiredKeyId = "SOME-OTHER-KEY";
        try (VendorSimulator sim = VendorSimulator.start(0, settings)) {
            Path log = Path.of("target", "secrets-test-logs", "rejected.log");
            Process p = ChildJvm.start(log, Map.of("APCA_KEY_ID", KEY_ID, "APCA_SECRET", SECRET, "LOG_LEVEL", "DEBUG"), List.of(
                    "backfill", "--from", "2026-11-24", "--to", "2026-11-25",
                    "--set", "ingest.db.url=jdbc:sqlite:" + dir.resolve("rejected.db"),
                    "--set", "ingest.vendor.url=" + sim.baseUrl(),
                    "--set", "ingest.universe=AAPL",
                    "--set", "camel.main.jmx-enabled=false",
                    "--set", PromptStop.KEY + "=" + PromptStop.VALUE));
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(log);

            assertThat(p.exitValue()).isNotZero();
            assertThat(sim.stats().count(403)).as("a 403 is permanent: asked once, not redelivered").isEqualTo(1);
            assertThat(output).contains("403").contains("stopped").doesNotContain(SECRET).doesNotContain(KEY_ID);
        }
    }
}
