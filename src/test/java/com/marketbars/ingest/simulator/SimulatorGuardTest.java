package com.marketbars.ingest.simulator;

import com.marketbars.ingest.console.ConsoleAccess;
import com.marketbars.ingest.support.ConsoleClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's port over real HTTP, run alone and embedded: a rebound Host name and any web page's Origin are
 * refused before the vendor counts a request; embedded, the control endpoints need the console's token and a JSON
 * POST, so that a page of another site can neither read nor change the faults.
 */
class SimulatorGuardTest {
    private static final String TOKEN = "simulator-spec-token-0123456789";
    private static final String BARS = "/v2/stocks/bars?symbols=AAPL&timeframe=1Min&start=2026-11-24T15:00:00Z&end=2026-11-24T15:09:59Z";

    @Test
    void runAloneItAnswersLoopbackNamesOnlyAndNoWebPageButItsControlStaysOpenToScripts() throws Exception {
        try (VendorSimulator sim = VendorSimulator.start(0, new SimulatorSettings())) {
            ConsoleClient script = new ConsoleClient(sim.port(), null);
            assertThat(script.raw("GET", BARS, Map.of("Host", "evil.example:" + sim.port()), null).status()).isEqualTo(421);
            assertThat(script.raw("POST", "/sim/config?outage=true", Map.of("Host", "evil.example:" + sim.port()), null).status()).isEqualTo(421);
            assertThat(script.raw("POST", "/sim/config?outage=true", Map.of("Origin", "http://evil.example", "Content-Type", "text/plain"), null).status())
                    .isEqualTo(403);
            assertThat(script.raw("GET", BARS, Map.of("Origin", "http://evil.example"), null).status()).isEqualTo(403);
            assertThat(sim.settings().outage).as("nothing changed").isFalse();
            assertThat(sim.stats().requests()).as("nothing counted").isZero();

            assertThat(script.raw("GET", BARS, Map.of("Host", "localhost:" + sim.port()), null).status()).isEqualTo(200);
            assertThat(script.raw("POST", "/sim/reset", Map.of(), null).status()).as("as bench/*.sh send it").isEqualTo(200);
        }
    }

    @Test
    void embeddedItsControlEndpointsNeedTheConsolesTokenAndAJsonPost() throws Exception {
        ConsoleAccess console = ConsoleAccess.of("127.0.0.1", TOKEN, null);
        try (VendorSimulator sim = VendorSimulator.startEmbedded(new SimulatorSettings(), console::admits)) {
            ConsoleClient anonymous = new ConsoleClient(sim.port(), null);
            ConsoleClient operator = new ConsoleClient(sim.port(), TOKEN);
            String json = "application/json";
            assertThat(anonymous.raw("GET", "/sim/config", Map.of(), null).status()).isEqualTo(401);
            assertThat(anonymous.raw("POST", "/sim/config?outage=true", Map.of("Content-Type", json), null).status()).isEqualTo(401);
            assertThat(operator.raw("POST", "/sim/config?outage=true", Map.of("Content-Type", "text/plain"), null).status()).isEqualTo(415);
            assertThat(operator.raw("POST", "/sim/config?outage=true", Map.of(), null).status()).isEqualTo(415);
            assertThat(operator.raw("POST", "/sim/config?outage=true", Map.of("Content-Type", json, "Host", "evil.example"), null).status())
                    .isEqualTo(421);
            assertThat(operator.raw("POST", "/sim/config?outage=true", Map.of("Content-Type", json, "Origin", "http://evil.example"), null).status())
                    .isEqualTo(403);
            assertThat(sim.settings().outage).as("nothing changed").isFalse();

            assertThat(anonymous.raw("GET", BARS, Map.of(), null).status()).as("the ingest's own requests need no token").isEqualTo(200);
            assertThat(operator.raw("POST", "/sim/config?outage=true", Map.of("Content-Type", json), null).status()).isEqualTo(200);
            assertThat(sim.settings().outage).isTrue();
        }
    }
}
