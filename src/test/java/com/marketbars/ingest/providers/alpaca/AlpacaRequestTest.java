package com.marketbars.ingest.providers.alpaca;

import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.model.FeedPlan;
import com.marketbars.ingest.support.Plans;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.pipeline.BarPage;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.SyntheticBars;
import com.marketbars.ingest.simulator.VendorSimulator;
import com.marketbars.ingest.model.WriteMode;
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
        return batch(symbols, from, to, Timeframe.ONE_MINUTE);
    }

    private static SymbolBatch batch(List<String> symbols, Instant from, Instant to, Timeframe timeframe) {
        FeedPlan plan = Plans.plan(timeframe, Duration.ofDays(1), Duration.ofMinutes(2), 50, 10_000);
        return new IngestWindow(IngestJob.backfill("src", plan, symbols, from, to, WriteMode.INSERT_ONLY), from, to, symbols, 50).batches().get(0);
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
        String q = new AlpacaRequest().query(batch(List.of("AAPL", "BRK.B", "MSFT"), FROM, TO), null, "iex");

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
        String q = new AlpacaRequest().query(batch(List.of("AAPL"), FROM, TO), null, "iex");
        assertThat(params(q)).containsEntry("end", "2026-11-24T14:59:59Z");
    }

    @Test
    void timestampsAreUrlEncoded() {
        String q = new AlpacaRequest().query(batch(List.of("AAPL"), FROM, TO), null, "iex");
        assertThat(q).contains("start=2026-11-24T14%3A30%3A00Z", "end=2026-11-24T14%3A59%3A59Z");
    }

    @Test
    void theLimitAndTimeframeAreTheFeedsAndTheDataFeedTheTemplatesParameter() {
        IngestJob job = IngestJob.backfill("src", Plans.plan(Timeframe.ONE_HOUR, Duration.ofDays(1), Duration.ZERO, 50, 250),
                List.of("AAPL"), FROM, TO, WriteMode.INSERT_ONLY);
        String q = new AlpacaRequest().query(new IngestWindow(job, FROM, TO, List.of("AAPL"), 50).batches().get(0), null, "sip");
        assertThat(params(q)).containsEntry("limit", "250").containsEntry("feed", "sip").containsEntry("timeframe", "1Hour");
    }

    @Test
    void cryptoBarsTakeNeitherDataFeedNorAdjustment() {
        String q = new AlpacaRequest().query(batch(List.of("BTC/USD"), FROM, TO), null, "");
        assertThat(params(q)).containsEntry("symbols", "BTC/USD").doesNotContainKeys("feed", "adjustment");
    }

    @Test
    void aPageTokenIsSentOnlyWhenNotEmptyAndIsUrlEncoded() {
        AlpacaRequest r = new AlpacaRequest();
        SymbolBatch b = batch(List.of("AAPL"), FROM, TO);

        assertThat(params(r.query(b, "", "iex"))).doesNotContainKey("page_token");
        assertThat(params(r.query(b, null, "iex"))).doesNotContainKey("page_token");
        String withToken = r.query(b, "ab+/c=", "iex");
        assertThat(withToken).contains("page_token=ab%2B%2Fc%3D");
        assertThat(params(withToken)).containsEntry("page_token", "ab+/c=");
    }

    @Test
    void everyPageOfABatchHasTheSameQueryApartFromTheToken() {
        AlpacaRequest r = new AlpacaRequest();
        SymbolBatch b = batch(List.of("AAPL", "MSFT"), FROM, TO);
        Map<String, String> first = params(r.query(b, null, "iex"));
        Map<String, String> second = params(r.query(b, "abc", "iex"));
        second.remove("page_token");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void prepareSetsAGetWithTheQueryOnTheExchangeAndChangesNothingElse() throws Exception {
        AlpacaRequest r = new AlpacaRequest();
        SymbolBatch b = batch(List.of("AAPL"), FROM, TO);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange ex = new DefaultExchange(camel);
            ex.getMessage().setBody("previous page");

            r.prepare(ex, b, "tok", "iex");

            assertThat(ex.getMessage().getHeader(Exchange.HTTP_METHOD)).isEqualTo("GET");
            assertThat(ex.getMessage().getHeader(Exchange.HTTP_QUERY, String.class)).isEqualTo(r.query(b, "tok", "iex"));
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
        AlpacaRequest request = new AlpacaRequest();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ObjectMapper json = new ObjectMapper();
        try (VendorSimulator sim = VendorSimulator.start(0, new SimulatorSettings())) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create(sim.baseUrl() + "/v2/stocks/bars?" + request.query(b, null, "iex")))
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
    void theTimeframeIsTheFeedsAndOneMinuteByDefault() {
        assertThat(params(new AlpacaRequest().query(batch(List.of("AAPL"), FROM, TO), null, "iex"))).containsEntry("timeframe", "1Min");
        assertThat(params(new AlpacaRequest().query(batch(List.of("AAPL"), FROM, TO, Timeframe.ONE_HOUR), null, "iex")))
                .containsEntry("timeframe", "1Hour").containsEntry("feed", "iex").containsEntry("adjustment", "raw");
        assertThat(params(new AlpacaRequest().query(batch(List.of("AAPL"), FROM, TO, Timeframe.ONE_DAY), null, "iex")))
                .containsEntry("timeframe", "1Day");
    }

    @Test
    void withoutAFeedTheQueryIsACryptoQueryWithNeitherFeedNorAdjustment() {
        Map<String, String> q = params(new AlpacaRequest()
                .query(batch(List.of("BTC/USD", "ETH/USD"), FROM, TO), "t", null));
        assertThat(q).containsEntry("symbols", "BTC/USD,ETH/USD").containsEntry("page_token", "t")
                .doesNotContainKeys("feed", "adjustment");
    }

    @Test
    void theCryptoEndpointAnswersAnHourQueryWithExactlyTheHourBarsOfTheHalfOpenWindow() throws Exception {
        Instant from = Instant.parse("2026-11-28T00:00:00Z");
        Instant to = Instant.parse("2026-11-28T12:00:00Z");
        List<String> pairs = List.of("BTC/USD", "ETH/USD");
        SymbolBatch b = batch(pairs, from, to, Timeframe.ONE_HOUR);
        AlpacaRequest request = new AlpacaRequest();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (VendorSimulator sim = VendorSimulator.start(0, new SimulatorSettings())) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create(sim.baseUrl() + "/v1beta3/crypto/us/bars?" + request.query(b, null, "")))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

            BarPage page = new AlpacaBarsMapper().toPage(new ObjectMapper().readValue(r.body(), AlpacaBarsResponse.class), b);

            List<Bar> expected = new ArrayList<>();
            com.marketbars.ingest.support.GroundTruth.served(com.marketbars.ingest.simulator.VendorEndpoint.ALPACA_CRYPTO, pairs,
                    com.marketbars.ingest.model.Timeframe.ONE_HOUR, from, to, 0).values().forEach(expected::addAll);
            assertThat(expected).hasSize(24);
            assertThat(page.rejected()).isEmpty();
            assertThat(page.bars()).containsExactlyElementsOf(expected);
        }
    }
}
