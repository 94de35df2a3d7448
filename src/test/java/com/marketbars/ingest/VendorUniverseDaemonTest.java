package com.marketbars.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.console.ConsoleAccess;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.support.Checkpoints;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.ConsoleClient;
import com.marketbars.ingest.support.IngestFixture;
import com.marketbars.ingest.support.UniverseRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The daemon on a vendor universe: its refresh at start (when it takes the feed's lock). Its very first start with the
 * vendor's asset list down has no symbols, and readiness is DOWN saying why. With the list down at a later start, the
 * universe cached in the database is ingested, the refresh's failure is one WARN, and readiness, JMX
 * ({@code type=Universe}, also through Jolokia) and the console's {@code /api/universes} say so; started again with the list back and a
 * symbol listed, the new symbol is caught up at once from {@code ingest.start}.
 */
@Timeout(180)
class VendorUniverseDaemonTest {
    static final String FEED = VendorUniverseTest.FEED;
    static final String TOKEN = "universe-spec-token-0123456789";
    @TempDir
    Path dir;
    IngestFixture fixture;
    IngestRuntime daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.stop();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theListDownAtStartLeavesTheCachedUniverseInUseAndSaysSoAndAListingIsCaughtUpAtOnce() throws Exception {
        SimulatorSettings sim = new SimulatorSettings();
        sim.equityAssets = 20;
        sim.assetsOutage = true;
        fixture = IngestFixture.start(dir, sim, List.of("AAPL"));
        Map<String, String> s = fixture.settings();
        s.put("ingest.universe", "vendor:us_equity");
        s.put("ingest.start", Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS).toString());
        int port = ConsoleClient.freePort();
        s.put("ingest.scheduler.enabled", "true");
        s.put("camel.management.enabled", "true");
        s.put("camel.management.port", String.valueOf(port));
        ConsoleClient console = new ConsoleClient(port, TOKEN);

        // the first start ever, with the list down: nothing to ingest, and readiness says why
        daemon = IngestRuntime.start(null, s, Map.of(ConsoleAccess.TOKEN_ENV, TOKEN));
        await().atMost(Duration.ofSeconds(30)).until(() -> UniverseRows.lastRefresh(fixture.dbUrl, FEED).startsWith("failed|"));
        ConsoleClient.Answer empty = console.get("/observe/health/ready");
        assertThat(empty.status()).isEqualTo(503);
        assertThat(empty.body()).contains("feed " + FEED + " has no symbols: the last refresh failed");
        daemon.stop();
        daemon = null;

        fixture.sim.settings().set("assetsOutage", "false");
        Map<String, String> once = new java.util.HashMap<>(s);
        once.put("camel.management.enabled", "false");
        assertThat(Cli.run(once, "run", "--once").exitCode()).isZero();
        List<String> cached = UniverseRows.symbols(fixture.dbUrl, FEED);
        assertThat(cached).hasSizeGreaterThan(10);

        fixture.sim.settings().set("assetsOutage", "true");
        daemon = IngestRuntime.start(null, s, Map.of(ConsoleAccess.TOKEN_ENV, TOKEN));
        await().atMost(Duration.ofSeconds(30)).until(() -> UniverseRows.lastRefresh(fixture.dbUrl, FEED).startsWith("failed|"));
        assertThat(UniverseRows.symbols(fixture.dbUrl, FEED)).isEqualTo(cached);

        ConsoleClient.Answer ready = console.get("/observe/health/ready");
        assertThat(ready.body()).contains("universe-" + FEED).contains("ingests its last good list of " + cached.size() + " symbols");
        ObjectName jmx = new ObjectName("market-bars-ingest:type=Universe,name=" + FEED);
        assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(jmx, "Size")).isEqualTo(cached.size());
        assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(jmx, "LastRefreshOutcome")).isEqualTo("failed");
        // and through Jolokia, whose policy (jolokia-access.xml) lets the type be read
        ConsoleClient.Answer jolokia = console.get("/observe/jolokia/read/market-bars-ingest:type=Universe,name=" + FEED + "/Size");
        assertThat(jolokia.json().get("value").asInt()).as(jolokia.body()).isEqualTo(cached.size());
        JsonNode universes = console.get("/api/universes").json();
        assertThat(universes.get(0).get("feed").asText()).isEqualTo(FEED);
        assertThat(universes.get(0).get("size").asInt()).isEqualTo(cached.size());
        assertThat(universes.get(0).get("lastRefreshOutcome").asText()).isEqualTo("failed");
        assertThat(universes.get(0).get("lastRefreshDetail").asText()).contains("HTTP 503");
        daemon.stop();
        daemon = null;

        fixture.sim.settings().set("assetsOutage", "false");
        fixture.sim.settings().set("listedAssets", "NEWCO");
        daemon = IngestRuntime.start(null, s, Map.of(ConsoleAccess.TOKEN_ENV, TOKEN));
        await().atMost(Duration.ofSeconds(60)).until(() -> Checkpoints.of(fixture.dbUrl, FEED).containsKey("NEWCO"));
        assertThat(UniverseRows.symbols(fixture.dbUrl, FEED)).contains("NEWCO").hasSize(cached.size() + 1);
        JsonNode after = new ConsoleClient(port, TOKEN).get("/api/universes").json().get(0);
        assertThat(after.get("lastRefreshOutcome").asText()).isEqualTo("applied");
        assertThat(after.get("added").toString()).isEqualTo("[\"NEWCO\"]");
    }
}
