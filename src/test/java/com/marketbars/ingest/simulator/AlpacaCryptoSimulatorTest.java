package com.marketbars.ingest.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.support.GroundTruth;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.marketbars.ingest.simulator.SimulatorClient.alpacaBars;
import static com.marketbars.ingest.simulator.SimulatorClient.enc;
import static com.marketbars.ingest.simulator.SimulatorClient.json;
import static com.marketbars.ingest.simulator.SimulatorClient.nextToken;
import static com.marketbars.ingest.simulator.VendorEndpoint.ALPACA_CRYPTO;
import static com.marketbars.ingest.simulator.VendorEndpoint.ALPACA_STOCKS;
import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's Alpaca crypto endpoint, and hour and day bars at both Alpaca endpoints, over real HTTP on loopback. */
class AlpacaCryptoSimulatorTest extends SimulatorSpec {

    private static final Instant SATURDAY = Instant.parse("2026-11-28T00:00:00Z");
    private static final Instant TUESDAY = Instant.parse("2026-11-24T00:00:00Z");
    private static final String CRYPTO = "/v1beta3/crypto/us/bars";
    private static final String STOCKS = "/v2/stocks/bars";

    private HttpResponse<String> bars(String path, String symbols, String timeframe, Instant from, Instant toInclusive, String extra)
            throws IOException, InterruptedException {
        return client.get(path + "?symbols=" + enc(symbols) + "&timeframe=" + timeframe + "&start=" + enc(from.toString())
                + "&end=" + enc(toInclusive.toString()) + extra);
    }

    private HttpResponse<String> saturday(String symbols) throws IOException, InterruptedException {
        return bars(CRYPTO, symbols, "1Min", SATURDAY, SATURDAY.plus(Duration.ofDays(1)).minusSeconds(1), "");
    }

    private static List<Bar> flat(Map<String, List<Bar>> bySymbol) {
        List<Bar> out = new ArrayList<>();
        bySymbol.values().forEach(out::addAll);
        return out;
    }

    @Test
    void pageTokensLeadThroughEveryBarOfEveryPairAroundTheClockOnAWeekend() throws Exception {
        sim.settings().thinShare = 0;   // the paging of dense pairs, about 1,440 bars a day each
        List<String> pairs = List.of("ETH/USD", "BTC/USD", "SOL/USD");
        List<Bar> received = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            HttpResponse<String> r = bars(CRYPTO, String.join(",", pairs), "1Min", SATURDAY,
                    SATURDAY.plus(Duration.ofDays(1)).minusSeconds(1), "&limit=1000" + (token == null ? "" : "&page_token=" + enc(token)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = json(r);
            received.addAll(alpacaBars(body));
            token = nextToken(body);
            pages++;
        } while (token != null && pages < 100);

        List<Bar> expected = flat(GroundTruth.served(sim.settings().realism(), ALPACA_CRYPTO, pairs, Timeframe.ONE_MINUTE, SATURDAY, SATURDAY.plus(Duration.ofDays(1)), 0));
        assertThat(expected).hasSizeBetween(3 * 1380, 3 * 1440);
        assertThat(received).containsExactlyElementsOf(expected);
        assertThat(received).extracting(b -> b.ts().toString()).contains("2026-11-28T00:00:00Z", "2026-11-28T03:00:00Z", "2026-11-28T23:59:00Z");
        assertThat(received.get(0).symbol()).isEqualTo("BTC/USD");
        assertThat(pages).isEqualTo((expected.size() + 999) / 1000);
        assertThat(sim.stats().requests(ALPACA_CRYPTO)).isEqualTo(pages);
        assertThat(sim.stats().barsServed(ALPACA_CRYPTO)).isEqualTo(expected.size());
    }

    @Test
    void cryptoBarsNeedNoKeysWhileStockBarsDo() throws Exception {
        sim.settings().requiredKeyId = "key";
        assertThat(saturday("BTC/USD").statusCode()).isEqualTo(200);
        assertThat(bars(STOCKS, "AAPL", "1Min", TUESDAY, TUESDAY.plusSeconds(3600), "").statusCode()).isEqualTo(403);
    }

    @Test
    void stocksAndCryptoShareTheOneAlpacaAccountsQuota() throws Exception {
        sim.settings().quotaRequests = 3;
        assertThat(bars(STOCKS, "AAPL", "1Min", TUESDAY, TUESDAY.plusSeconds(3600), "").statusCode()).isEqualTo(200);
        HttpResponse<String> second = saturday("BTC/USD");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("X-RateLimit-Remaining")).hasValue("1");
        assertThat(saturday("BTC/USD").statusCode()).isEqualTo(200);

        HttpResponse<String> refused = saturday("BTC/USD");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(bars(STOCKS, "AAPL", "1Min", TUESDAY, TUESDAY.plusSeconds(3600), "").statusCode()).isEqualTo(429);
        assertThat(sim.stats().quotaViolations(ALPACA_CRYPTO)).isEqualTo(1);
        assertThat(sim.stats().quotaViolations(ALPACA_STOCKS)).isEqualTo(1);
    }

    @Test
    void faultsApplyToCryptoAsToStocks() throws Exception {
        sim.settings().thinShare = 0;   // a dense pair: a day of about 1,440 bars to corrupt
        sim.settings().errorRate = 1;
        assertThat(saturday("BTC/USD").statusCode()).isEqualTo(503);
        sim.settings().errorRate = 0;

        sim.settings().failingSymbol = "ETH/USD";
        HttpResponse<String> failing = saturday("BTC/USD,ETH/USD");
        assertThat(failing.statusCode()).isEqualTo(400);
        assertThat(json(failing).get("message").asText()).contains("ETH/USD");
        sim.settings().failingSymbol = null;

        sim.settings().malformedRate = 1;
        List<JsonNode> raw = new ArrayList<>();
        json(bars(CRYPTO, "BTC/USD", "1Min", SATURDAY, SATURDAY.plus(Duration.ofDays(1)).minusSeconds(1), "&limit=10000")).get("bars").get("BTC/USD").forEach(raw::add);
        assertThat(raw).hasSizeGreaterThan(1380);
        assertThat(sim.stats().malformedBars()).isEqualTo(raw.size());
    }

    @Test
    void hourAndDayBarsAreTheMinuteBarsOfEachUtcHourAndDayFoldedAtBothAlpacaEndpoints() throws Exception {
        // regular sessions only: with extended hours, Wednesday's after-hours past UTC midnight would make a Thursday day bar
        sim.settings().extendedHours = false;
        sim.settings().thinShare = 0;
        Instant from = SATURDAY.minus(Duration.ofDays(2));
        Instant last = SATURDAY.plus(Duration.ofDays(1)).minusSeconds(1);
        for (String[] endpoint : new String[][] {{CRYPTO, "BTC/USD,ETH/USD"}, {STOCKS, "AAPL,MSFT"}}) {
            List<Bar> minutes = alpacaBars(json(bars(endpoint[0], endpoint[1], "1Min", from, last, "&limit=10000")));
            List<Bar> hours = alpacaBars(json(bars(endpoint[0], endpoint[1], "1Hour", from, last, "")));
            List<Bar> days = alpacaBars(json(bars(endpoint[0], endpoint[1], "1Day", from, last, "")));
            assertThat(minutes).as(endpoint[0]).hasSizeBetween(400, 9_000);
            assertThat(hours).as(endpoint[0]).containsExactlyElementsOf(SimulatorClient.fold(minutes, 3600));
            assertThat(days).as(endpoint[0]).containsExactlyElementsOf(SimulatorClient.fold(minutes, 86_400));
        }
        VendorEndpoint crypto = ALPACA_CRYPTO;
        assertThat(GroundTruth.served(sim.settings().realism(), crypto, List.of("BTC/USD"), Timeframe.ONE_HOUR, SATURDAY, SATURDAY.plus(Duration.ofDays(1)), 0)
                .get("BTC/USD")).as("24 hour bars on a Saturday").hasSize(24);
        assertThat(GroundTruth.served(sim.settings().realism(), ALPACA_STOCKS, List.of("AAPL"), Timeframe.ONE_DAY, from, SATURDAY.plus(Duration.ofDays(1)), 0)
                .get("AAPL")).as("Friday (an early close), not Thanksgiving Thursday, not Saturday").hasSize(1);
    }

    @Test
    void cryptoVolumesAreSentAsPlainDecimalsOfCoinsAndStockVolumesAsWholeNumbers() throws Exception {
        // CryptoBar and StockBar in @alpacahq/alpaca-trade-api 4.0.2 (src/market-data/models/CryptoBar.ts, StockBar.ts)
        // type v as a number; crypto volumes are coins, fractional (0.0345). The text is read as the ingest reads it.
        HttpResponse<String> r = bars(CRYPTO, "BTC/USD", "1Min", SATURDAY, SATURDAY.plus(Duration.ofDays(1)).minusSeconds(1), "&limit=10000");
        JsonNode body = json(r);
        List<JsonNode> raw = new ArrayList<>();
        body.get("bars").get("BTC/USD").forEach(raw::add);
        assertThat(raw).hasSizeGreaterThan(500).allSatisfy(b -> assertThat(b.get("v").isNumber()).isTrue());
        assertThat(raw).anyMatch(b -> !b.get("v").isIntegralNumber());
        // plain text, never an exponent, and exactly the ground truth's quantity
        assertThat(r.body()).doesNotContainPattern("\"v\":-?[0-9.]+[eE]");
        assertThat(alpacaBars(body)).containsExactlyElementsOf(flat(GroundTruth.served(ALPACA_CRYPTO, List.of("BTC/USD"),
                Timeframe.ONE_MINUTE, SATURDAY, SATURDAY.plus(Duration.ofDays(1)), 0)));
        List<JsonNode> stocks = new ArrayList<>();
        json(bars(STOCKS, "AAPL", "1Min", TUESDAY, TUESDAY.plus(Duration.ofDays(1)), "")).get("bars").get("AAPL").forEach(stocks::add);
        assertThat(stocks).isNotEmpty().allSatisfy(b -> assertThat(b.get("v").isIntegralNumber()).as(b.toString()).isTrue());

        sim.settings().set("fractionalCryptoVolumes", "false");
        List<JsonNode> whole = new ArrayList<>();
        json(saturday("BTC/USD")).get("bars").get("BTC/USD").forEach(whole::add);
        assertThat(whole).allSatisfy(b -> assertThat(b.get("v").isIntegralNumber()).isTrue());
    }

    @Test
    void hourBarsPageAndAStartInsideAnHourBeginsAtTheNextHour() throws Exception {
        Instant last = SATURDAY.plus(Duration.ofDays(1)).minusSeconds(1);
        List<Bar> received = new ArrayList<>();
        String token = null;
        do {
            JsonNode body = json(bars(CRYPTO, "BTC/USD,ETH/USD", "1Hour", SATURDAY.plusSeconds(1), last,
                    "&limit=5" + (token == null ? "" : "&page_token=" + enc(token))));
            received.addAll(alpacaBars(body));
            token = nextToken(body);
        } while (token != null && received.size() < 100);
        assertThat(received).containsExactlyElementsOf(flat(GroundTruth.served(ALPACA_CRYPTO, List.of("BTC/USD", "ETH/USD"),
                Timeframe.ONE_HOUR, SATURDAY.plusSeconds(3600), SATURDAY.plus(Duration.ofDays(1)), 0))).hasSize(46);
    }

    @Test
    void anUnknownTimeframeIsABadRequestAndATokenNeverResumesAnotherTimeframe() throws Exception {
        assertThat(bars(CRYPTO, "BTC/USD", "5Min", SATURDAY, SATURDAY.plusSeconds(3600), "").statusCode()).isEqualTo(400);
        assertThat(bars(STOCKS, "AAPL", "1Week", TUESDAY, TUESDAY.plusSeconds(3600), "").statusCode()).isEqualTo(400);
        String token = nextToken(json(bars(CRYPTO, "BTC/USD", "1Min", SATURDAY, SATURDAY.plusSeconds(3600), "&limit=5")));
        assertThat(token).isNotNull();
        assertThat(bars(CRYPTO, "BTC/USD", "1Hour", SATURDAY, SATURDAY.plusSeconds(3600), "&limit=5&page_token=" + enc(token)).statusCode())
                .isEqualTo(400);
    }
}
