package com.marketbars.ingest.providers.alpaca;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.pipeline.Bar;
import com.marketbars.ingest.pipeline.BarPage;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.SyntheticBars;
import com.marketbars.ingest.simulator.VendorSimulator;
import com.marketbars.ingest.store.WriteMode;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlpacaRequestTest {

    private static final Instant FROM = Instant.parse("2026-11-24T14:30:00Z");
    private static final Instant TO = Instant.parse("2026-11-24T15:00:00Z");

    private static SymbolBatch batch(List<String> symbols, Instant from, Instant to) {
        return new IngestWindow(IngestJob.backfill("src", symbols, from, to, WriteMode.INSERT_ONLY), from, to, symbols, 50).batches().get(0);
    }

    private static Map<String, String> params(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String previous = out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            assertThat(previous).as("parameter %s given twice", pair).isNull();
        }
        return out;
    }

    @Test
    void theQueryAsksForOneMinuteBarsOfTheBatchSymbolsOverTheWindow() {
        String q = new AlpacaRequest("iex", 10_000).query(batch(List.of("AAPL", "BRK.B", "MSFT"), FROM, TO), null);

        assertThat(q).contains("symbols=AAPL%2CBRK.B%2CMSFT");
        assertThat(params(q))
                .containsEntry("symbols", "AAPL,BRK.B,MSFT")
                .containsEntry("timeframe", "1Min")
                .containsEntry("start", "2026-11-24T14:30:00Z")
                .containsEntry("limit", "10000")
                .containsEntry("feed", "iex")
                .doesNotContainKey("page_token");
    }

    @Test
    void theEndIsOneSecondBeforeTheWindowEndBecauseAlpacasEndIsInclusive() {
        String q = new AlpacaRequest("iex", 10_000).query(batch(List.of("AAPL"), FROM, TO), null);
        assertThat(params(q)).containsEntry("end", "2026-11-24T14:59:59Z");
    }

    @Test
    void timestampsAreUrlEncoded() {
        String q = new AlpacaRequest("iex", 10_000).query(batch(List.of("AAPL"), FROM, TO), null);
        assertThat(q).contains("start=2026-11-24T14%3A30%3A00Z", "end=2026-11-24T14%3A59%3A59Z");
    }

    @Test
    void theLimitAndFeedAreTheConfiguredOnes() {
        String q = new AlpacaRequest("sip", 250).query(batch(List.of("AAPL"), FROM, TO), null);
        assertThat(params(q)).containsEntry("limit", "250").containsEntry("feed", "sip");
    }

    @Test
    void aPageTokenIsSentOnlyWhenNotEmptyAndIsUrlEncoded() {
        AlpacaRequest r = new AlpacaRequest("iex", 10_000);
        SymbolBatch b = batch(List.of("AAPL"), FROM, TO);

        assertThat(params(r.query(b, ""))).doesNotContainKey("page_token");
        assertThat(params(r.query(b, null))).doesNotContainKey("page_token");
        String withToken = r.query(b, "ab+/c=");
        assertThat(withToken).contains("page_token=ab%2B%2Fc%3D");
        assertThat(params(withToken)).containsEntry("page_token", "ab+/c=");
    }

    @Test
    void everyPageOfABatchHasTheSameQueryApartFromTheToken() {
        AlpacaRequest r = new AlpacaRequest("iex", 1000);
        SymbolBatch b = batch(List.of("AAPL", "MSFT"), FROM, TO);
        Map<String, String> first = params(r.query(b, null));
        Map<String, String> second = params(r.query(b, "abc"));
        second.remove("page_token");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void prepareSetsAGetWithTheQueryOnTheExchangeAndChangesNothingElse() throws Exception {
        AlpacaRequest r = new AlpacaRequest("iex", 10_000);
        SymbolBatch b = batch(List.of("AAPL"), FROM, TO);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange ex = new DefaultExchange(camel);
            ex.getMessage().setBody("previous page");

            r.prepare(ex, b, "tok");

            assertThat(ex.getMessage().getHeader(Exchange.HTTP_METHOD)).isEqualTo("GET");
            assertThat(ex.getMessage().getHeader(Exchange.HTTP_QUERY, String.class)).isEqualTo(r.query(b, "tok"));
            assertThat(ex.getMessage().getBody()).isNull();
            assertThat(b.window().requests()).as("the pipeline counts a request where it leaves").isZero();
        }
    }

    @Test
    void theSimulatorAnswersTheQueryWithExactlyTheBarsOfTheHalfOpenWindow() throws Exception {
        List<String> symbols = List.of("AAPL", "MSFT", "NVDA");
        long endMinute = TO.getEpochSecond() / 60;
        assertThat(symbols).as("a bar at the window's end exists, so its exclusion is observable")
                .anyMatch(s -> SyntheticBars.exists(s, endMinute));

        SymbolBatch b = batch(symbols, FROM, TO);
        AlpacaRequest request = new AlpacaRequest("iex", 10_000);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ObjectMapper json = new ObjectMapper();
        try (VendorSimulator sim = VendorSimulator.start(0, new SimulatorSettings())) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create(sim.baseUrl() + "/v2/stocks/bars?" + request.query(b, null)))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

            BarPage page = new AlpacaBarsMapper().toPage(json.readValue(r.body(), AlpacaBarsResponse.class), b);

            List<Bar> expected = new ArrayList<>();
            symbols.forEach(s -> expected.addAll(SyntheticBars.range(s, FROM, TO)));
            assertThat(page.rejected()).isEmpty();
            assertThat(page.hasNext()).isFalse();
            assertThat(page.bars()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void theTimeframeIsTheEndpointsAndOneMinuteByDefault() {
        SymbolBatch b = batch(List.of("AAPL"), FROM, TO);
        assertThat(new AlpacaRequest("iex", 10_000).query(b, null))
                .isEqualTo(new AlpacaRequest("iex", 10_000, com.marketbars.ingest.checkpoint.Timeframe.ONE_MINUTE).query(b, null));
        assertThat(params(new AlpacaRequest("iex", 10_000, com.marketbars.ingest.checkpoint.Timeframe.ONE_HOUR).query(b, null)))
                .containsEntry("timeframe", "1Hour").containsEntry("feed", "iex").containsEntry("adjustment", "raw");
        assertThat(params(new AlpacaRequest("iex", 10_000, com.marketbars.ingest.checkpoint.Timeframe.ONE_DAY).query(b, null)))
                .containsEntry("timeframe", "1Day");
    }

    @Test
    void withoutAFeedTheQueryIsACryptoQueryWithNeitherFeedNorAdjustment() {
        Map<String, String> q = params(new AlpacaRequest(null, 500, com.marketbars.ingest.checkpoint.Timeframe.ONE_MINUTE)
                .query(batch(List.of("BTC/USD", "ETH/USD"), FROM, TO), "t"));
        assertThat(q).containsEntry("symbols", "BTC/USD,ETH/USD").containsEntry("page_token", "t")
                .doesNotContainKeys("feed", "adjustment");
    }

    @Test
    void theCryptoEndpointAnswersAnHourQueryWithExactlyTheHourBarsOfTheHalfOpenWindow() throws Exception {
        Instant from = Instant.parse("2026-11-28T00:00:00Z");
        Instant to = Instant.parse("2026-11-28T12:00:00Z");
        List<String> pairs = List.of("BTC/USD", "ETH/USD");
        SymbolBatch b = batch(pairs, from, to);
        AlpacaRequest request = new AlpacaRequest(null, 10_000, com.marketbars.ingest.checkpoint.Timeframe.ONE_HOUR);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (VendorSimulator sim = VendorSimulator.start(0, new SimulatorSettings())) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create(sim.baseUrl() + "/v1beta3/crypto/us/bars?" + request.query(b, null)))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

            BarPage page = new AlpacaBarsMapper().toPage(new ObjectMapper().readValue(r.body(), AlpacaBarsResponse.class), b);

            List<Bar> expected = new ArrayList<>();
            com.marketbars.ingest.support.GroundTruth.served(com.marketbars.ingest.simulator.VendorEndpoint.ALPACA_CRYPTO, pairs,
                    com.marketbars.ingest.checkpoint.Timeframe.ONE_HOUR, from, to, 0).values().forEach(expected::addAll);
            assertThat(expected).hasSize(24);
            assertThat(page.rejected()).isEmpty();
            assertThat(page.bars()).containsExactlyElementsOf(expected);
        }
    }
}
