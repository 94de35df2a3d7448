package com.marketbars.ingest.providers.massive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.errors.VendorProtocolException;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.pipeline.BarPage;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorEndpoint;
import com.marketbars.ingest.simulator.VendorSimulator;
import com.marketbars.ingest.support.GroundTruth;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The key, and the whole adapter through Camel's HTTP producer: {@link MassiveRequest}'s headers, the bearer key
 * added below Camel, the simulator's pages followed by next_url to the end, {@link MassiveAggsMapper}.
 */
class MassiveCredentialsTest {

    private static final String KEY = "mSv-Key-Never-Logged-0042";
    private static final Instant FROM = Instant.parse("2026-11-23T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-26T00:00:00Z");

    @Test
    void theKeyComesFromMassiveApiKeyTrimmedAndBlankIsNone() {
        assertThat(MassiveCredentials.KEY_ENV).isEqualTo("MASSIVE_API_KEY");
        assertThat(MassiveCredentials.fromEnvironment(Map.of("MASSIVE_API_KEY", " k ")).present()).isTrue();
        assertThat(MassiveCredentials.fromEnvironment(Map.of("MASSIVE_API_KEY", "  ")).present()).isFalse();
        assertThat(MassiveCredentials.fromEnvironment(Map.of("APCA_KEY_ID", "k")).present()).isFalse();
    }

    @Test
    void toStringNeverContainsTheKey() {
        assertThat(MassiveCredentials.fromEnvironment(Map.of("MASSIVE_API_KEY", KEY)).toString())
                .doesNotContain(KEY).doesNotContain(KEY.substring(0, 6)).contains("redacted");
        assertThat(MassiveCredentials.fromEnvironment(Map.of()).toString()).contains("none");
    }

    @Test
    void throughCamelHttpEveryPageIsFetchedWithTheBearerKeyAndTheBarsAreExactlyTheSimulators() throws Exception {
        SimulatorSettings settings = new SimulatorSettings();
        settings.massiveRequiredKey = KEY;
        SymbolBatch batch = MassiveRequestTest.batch(List.of("MSFT"), FROM, TO);
        try (VendorSimulator sim = VendorSimulator.start(0, settings);
             DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("withKey", (HttpClientConfigurer) MassiveCredentials.fromEnvironment(Map.of("MASSIVE_API_KEY", KEY)));
            camel.getRegistry().bind("withoutKey", (HttpClientConfigurer) MassiveCredentials.fromEnvironment(Map.of()));
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            MassiveRequest request = new MassiveRequest(Timeframe.ONE_MINUTE, 300);
            MassiveAggsMapper mapper = new MassiveAggsMapper();
            ObjectMapper json = new ObjectMapper();

            List<Bar> received = new ArrayList<>();
            String next = null;
            int pages = 0;
            do {
                Exchange ex = send(producer, camel, sim, "withKey", request, batch, next);
                assertThat(ex.getException()).isNull();
                assertThat(ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
                BarPage page = mapper.toPage(json.readValue(ex.getMessage().getBody(String.class), MassiveAggsResponse.class),
                        batch, ex.getMessage().getHeader("Date", String.class), null);
                assertThat(page.rejected()).isEmpty();
                assertThat(page.vendorTime()).isNotNull();
                received.addAll(page.bars());
                next = page.nextPageToken();
                pages++;
            } while (next != null && pages < 50);

            List<Bar> expected = GroundTruth.served(VendorEndpoint.MASSIVE_STOCKS, List.of("MSFT"), Timeframe.ONE_MINUTE, FROM, TO, 0).get("MSFT");
            assertThat(received).containsExactlyElementsOf(expected);
            assertThat(pages).isEqualTo((expected.size() + 299) / 300).isGreaterThan(2);
            assertThat(sim.stats().requests(VendorEndpoint.MASSIVE_STOCKS)).isEqualTo(pages);

            Exchange refused = send(producer, camel, sim, "withoutKey", request, batch, null);
            assertThat(refused.getException()).hasMessageContaining("401").hasMessageNotContaining(KEY);

            // a next_url naming another host still goes to the endpoint's host: the simulator answers it
            String elsewhere = "http://203.0.113.9:1/v2/aggs/ticker/MSFT/range/1/minute/" + FROM.toEpochMilli() + "/" + (TO.toEpochMilli() - 1);
            Exchange redirected = send(producer, camel, sim, "withKey", request, batch, elsewhere + "?limit=2");
            assertThat(redirected.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
            assertThat(json.readTree(redirected.getMessage().getBody(String.class)).get("results")).hasSize(2);
            assertThatThrownBy(() -> request.prepare(new DefaultExchange(camel), batch, elsewhere.replace("MSFT", "AAPL")))
                    .isInstanceOf(VendorProtocolException.class);
        }
    }

    private static Exchange send(ProducerTemplate producer, DefaultCamelContext camel, VendorSimulator sim, String configurer,
                                 MassiveRequest request, SymbolBatch batch, String next) {
        Exchange ex = new DefaultExchange(camel);
        request.prepare(ex, batch, next);
        return producer.send(sim.baseUrl() + "?httpClientConfigurer=#" + configurer + "&skipRequestHeaders=true", ex);
    }
}
