package com.marketbars.ingest.simulator;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.model.Bar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VendorSimulatorTest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final ObjectMapper JSON = SimulatorClient.JSON;

    private static final Instant DAY = Instant.parse("2026-11-24T00:00:00Z");
    private static final String DAY_START = "2026-11-24T00:00:00Z";
    private static final String DAY_END_INCLUSIVE = "2026-11-24T23:59:59Z";

    private VendorSimulator sim;

    @BeforeEach
    void start() throws IOException {
        sim = VendorSimulator.start(0, new SimulatorSettings());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> bars(String symbols, String start, String end, String extra)
            throws IOException, InterruptedException {
        return get("/v2/stocks/bars?symbols=" + enc(symbols) + "&timeframe=1Min&start=" + enc(start)
                + "&end=" + enc(end) + extra);
    }

    private HttpResponse<String> dayOf(String symbols) throws IOException, InterruptedException {
        return bars(symbols, DAY_START, DAY_END_INCLUSIVE, "");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The bars of a body in the order the vendor sent them. */
    private static List<Bar> barsOf(JsonNode body) {
        return SimulatorClient.alpacaBars(body);
    }

    private static List<JsonNode> rawBarsOf(JsonNode body) {
        List<JsonNode> out = new ArrayList<>();
        body.get("bars").forEach(list -> list.forEach(out::add));
        return out;
    }

    private static String nextToken(JsonNode body) {
        JsonNode t = body.get("next_page_token");
        return t == null || t.isNull() ? null : t.asText();
    }

    // ---- pagination ----------------------------------------------------------------------------------------

    @Test
    void followingPageTokensReturnEveryBarOfEverySymbolExactlyOnceSymbolsAscendingThenTime() throws Exception {
        List<String> symbols = List.of("XOM", "AAPL", "V", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "AVGO",
                "JPM", "WMT", "LLY", "UNH", "MA", "HD", "PG", "COST", "JNJ", "BRK.B");
        String query = String.join(",", symbols);

        List<Bar> received = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            HttpResponse<String> r = bars(query, DAY_START, DAY_END_INCLUSIVE,
                    "&limit=1000" + (token == null ? "" : "&page_token=" + enc(token)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(r.body());
            List<Bar> page = barsOf(body);
            pageSizes.add(page.size());
            received.addAll(page);
            token = nextToken(body);
        } while (token != null && pageSizes.size() < 100);

        List<Bar> expected = new ArrayList<>();
        for (String s : new TreeSet<>(symbols)) {
            expected.addAll(SyntheticBars.range(s, DAY, DAY.plus(Duration.ofDays(1))));
        }
        assertThat(expected).hasSizeGreaterThan(7000);
        assertThat(received).containsExactlyElementsOf(expected);
        assertThat(pageSizes.subList(0, pageSizes.size() - 1)).containsOnly(1000);
        assertThat(pageSizes.get(pageSizes.size() - 1)).isBetween(1, 1000);
        assertThat(sim.stats().barsServed()).isEqualTo(expected.size());
        assertThat(sim.stats().requests()).isEqualTo(pageSizes.size());
    }

    @Test
    void theLastPageHasNoNextPageToken() throws Exception {
        HttpResponse<String> r = bars("AAPL", DAY_START, DAY_END_INCLUSIVE, "&limit=10000");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.has("next_page_token")).isTrue();
        assertThat(nextToken(body)).isNull();
        assertThat(barsOf(body)).hasSize(SyntheticBars.range("AAPL", DAY, DAY.plus(Duration.ofDays(1))).size());
    }

    @Test
    void startAndEndAreBothInclusive() throws Exception {
        Instant t = firstRunOfThreeBars("MSFT");
        HttpResponse<String> r = bars("MSFT", t.toString(), t.plusSeconds(120).toString(), "");
        assertThat(barsOf(JSON.readTree(r.body())))
                .extracting(Bar::ts)
                .containsExactly(t, t.plusSeconds(60), t.plusSeconds(120));
    }

    @Test
    void aStartInsideAMinuteBeginsAtTheNextMinuteAndAnEndInsideAMinuteKeepsThatMinute() throws Exception {
        Instant t = firstRunOfThreeBars("MSFT");
        HttpResponse<String> r = bars("MSFT", t.minusSeconds(30).toString(), t.plusSeconds(120 + 59).toString(), "");
        assertThat(barsOf(JSON.readTree(r.body())))
                .extracting(Bar::ts)
                .containsExactly(t, t.plusSeconds(60), t.plusSeconds(120));

        HttpResponse<String> later = bars("MSFT", t.plusSeconds(1).toString(), t.plusSeconds(60).toString(), "");
        assertThat(barsOf(JSON.readTree(later.body()))).extracting(Bar::ts).containsExactly(t.plusSeconds(60));
    }

    /** The first minute of the day at which the symbol has bars at t, t+1 and t+2 minutes, and none at t-1. */
    private static Instant firstRunOfThreeBars(String symbol) {
        long m = DAY.getEpochSecond() / 60;
        for (long end = m + 1440; m < end; m++) {
            if (!SyntheticBars.exists(symbol, m - 1) && SyntheticBars.exists(symbol, m)
                    && SyntheticBars.exists(symbol, m + 1) && SyntheticBars.exists(symbol, m + 2)
                    && !SyntheticBars.exists(symbol, m + 3)) {
                return Instant.ofEpochSecond(m * 60);
            }
        }
        // no gap after the run on this day: fall back to the open, whose previous minute is never a bar
        return Instant.parse("2026-11-24T14:30:00Z");
    }

    // ---- request validation --------------------------------------------------------------------------------

    @Test
    void aPageTokenUsedWithADifferentQueryIsABadRequest() throws Exception {
        HttpResponse<String> first = bars("AAPL,MSFT", DAY_START, DAY_END_INCLUSIVE, "&limit=10");
        String token = nextToken(JSON.readTree(first.body()));
        assertThat(token).isNotBlank();

        HttpResponse<String> otherSymbols = bars("AAPL,NVDA", DAY_START, DAY_END_INCLUSIVE,
                "&limit=10&page_token=" + enc(token));
        assertThat(otherSymbols.statusCode()).isEqualTo(400);

        HttpResponse<String> otherLimit = bars("AAPL,MSFT", DAY_START, DAY_END_INCLUSIVE,
                "&limit=11&page_token=" + enc(token));
        assertThat(otherLimit.statusCode()).isEqualTo(400);
    }

    @Test
    void aGarbagePageTokenIsABadRequest() throws Exception {
        HttpResponse<String> r = bars("AAPL", DAY_START, DAY_END_INCLUSIVE, "&page_token=not-a-token");
        assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    void aLimitAboveTenThousandIsABadRequest() throws Exception {
        assertThat(bars("AAPL", DAY_START, DAY_END_INCLUSIVE, "&limit=10001").statusCode()).isEqualTo(400);
        assertThat(bars("AAPL", DAY_START, DAY_END_INCLUSIVE, "&limit=0").statusCode()).isEqualTo(400);
        assertThat(bars("AAPL", DAY_START, DAY_END_INCLUSIVE, "&limit=10000").statusCode()).isEqualTo(200);
    }

    @Test
    void aRequestWithoutSymbolsIsABadRequest() throws Exception {
        HttpResponse<String> r = get("/v2/stocks/bars?timeframe=1Min&start=" + enc(DAY_START) + "&end=" + enc(DAY_END_INCLUSIVE));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("message").asText()).contains("symbols");
    }

    @Test
    void anEndBeforeTheStartOrAnUnparseableStartIsABadRequest() throws Exception {
        assertThat(bars("AAPL", DAY_END_INCLUSIVE, DAY_START, "").statusCode()).isEqualTo(400);
        assertThat(bars("AAPL", "yesterday", DAY_END_INCLUSIVE, "").statusCode()).isEqualTo(400);
    }

    // ---- quota ---------------------------------------------------------------------------------------------

    @Test
    void aRequestBeyondTheQuotaGets429WithRetryAfterAndCountsAsAViolation() throws Exception {
        sim.settings().quotaRequests = 3;
        sim.settings().quotaPeriodMillis = 60_000;

        List<String> remaining = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ok = dayOf("AAPL");
            assertThat(ok.statusCode()).isEqualTo(200);
            remaining.add(ok.headers().firstValue("X-RateLimit-Remaining").orElse(null));
        }
        assertThat(remaining).containsExactly("2", "1", "0");

        HttpResponse<String> refused = dayOf("AAPL");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v ->   // "0.734": see retryAfter* below
                assertThat(new java.math.BigDecimal(v)).isBetween(new java.math.BigDecimal("0.001"), java.math.BigDecimal.valueOf(60)));
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(sim.stats().quotaViolations()).isEqualTo(1);
        assertThat(sim.stats().count(429)).isEqualTo(1);
        assertThat(sim.stats().count(200)).isEqualTo(3);
    }

    @Test
    void extraLimitsAreEnforcedAtOnceAsVendorsPublishSeveral() throws Exception {
        sim.settings().quotaRequests = 10;
        sim.settings().quotaPeriodMillis = 60_000;
        sim.settings().set("extraQuota", "2/PT1M, 5/P1D");

        assertThat(dayOf("AAPL").statusCode()).isEqualTo(200);
        assertThat(dayOf("AAPL").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = dayOf("AAPL");
        assertThat(refused.statusCode()).as("the 2 per minute limit binds before the 10 per minute").isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v ->   // "0.734": see retryAfter* below
                assertThat(new java.math.BigDecimal(v)).isBetween(new java.math.BigDecimal("0.001"), java.math.BigDecimal.valueOf(60)));
        assertThat(sim.stats().quotaViolations()).isEqualTo(1);
        assertThat(sim.settings().asMap()).containsEntry("extraQuota", "2/PT1M, 5/P1D");
        assertThatThrownBy(() -> sim.settings().set("extraQuota", "2 per minute")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutAQuotaNoRateLimitHeadersAreSent() throws Exception {
        HttpResponse<String> ok = dayOf("AAPL");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-RateLimit-Remaining")).isEmpty();
    }

    // ---- injected faults -----------------------------------------------------------------------------------

    @Test
    void anErrorRateOfOneAnswersEveryRequestWith503() throws Exception {
        sim.settings().errorRate = 1;
        assertThat(dayOf("AAPL").statusCode()).isEqualTo(503);
        assertThat(dayOf("MSFT").statusCode()).isEqualTo(503);
        assertThat(sim.stats().count(503)).isEqualTo(2);
    }

    @Test
    void aTruncateRateOfOneSendsBodiesThatAreNotValidJson() throws Exception {
        sim.settings().truncateRate = 1;
        HttpResponse<String> r = dayOf("AAPL");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("{\"bars\":{\"AAPL\":[");
        assertThatThrownBy(() -> JSON.readTree(r.body())).isInstanceOf(JacksonException.class);
    }

    @Test
    void aMalformedRateOfOneCorruptsEveryBarInOneOfFourWaysAndCountsThem() throws Exception {
        sim.settings().malformedRate = 1;
        HttpResponse<String> r = dayOf("AAPL,MSFT");
        assertThat(r.statusCode()).isEqualTo(200);
        List<JsonNode> bars = rawBarsOf(JSON.readTree(r.body()));
        assertThat(bars).hasSizeGreaterThan(700);

        Set<String> kinds = new TreeSet<>();
        for (JsonNode b : bars) {
            List<String> faults = new ArrayList<>();
            if (!b.has("c")) {
                faults.add("missing close");
            }
            if (b.get("o").isTextual() && b.get("o").asText().equals("NaN")) {
                faults.add("NaN open");
            }
            if (b.get("h").asDouble() < b.get("l").asDouble()) {
                faults.add("high below low");
            }
            if (b.get("v").asLong() < 0) {
                faults.add("negative volume");
            }
            assertThat(faults).as(b.toString()).hasSize(1);
            kinds.addAll(faults);
        }
        assertThat(kinds).containsExactly("NaN open", "high below low", "missing close", "negative volume");
        assertThat(sim.stats().malformedBars()).isEqualTo(bars.size());
        assertThat(sim.stats().barsServed()).isEqualTo(bars.size());
    }

    @Test
    void withoutFaultsNoBarIsMalformed() throws Exception {
        HttpResponse<String> r = dayOf("AAPL");
        assertThat(barsOf(JSON.readTree(r.body())))
                .containsExactlyElementsOf(SyntheticBars.range("AAPL", DAY, DAY.plus(Duration.ofDays(1))));
        assertThat(sim.stats().malformedBars()).isZero();
    }

    @Test
    void aRequestNamingTheFailingSymbolIsABadRequestWhileOthersSucceed() throws Exception {
        sim.settings().failingSymbol = "XYZ";
        HttpResponse<String> withIt = dayOf("AAPL,XYZ");
        assertThat(withIt.statusCode()).isEqualTo(400);
        assertThat(withIt.body()).contains("XYZ");
        assertThat(dayOf("AAPL,MSFT").statusCode()).isEqualTo(200);
    }

    @Test
    void anOutageAnswersEveryBarsRequestWith503() throws Exception {
        sim.settings().outage = true;
        assertThat(dayOf("AAPL").statusCode()).isEqualTo(503);
        sim.settings().outage = false;
        assertThat(dayOf("AAPL").statusCode()).isEqualTo(200);
    }

    // ---- control endpoints ---------------------------------------------------------------------------------

    @Test
    void postingConfigChangesTheLiveSettings() throws Exception {
        HttpResponse<String> r = post("/sim/config?latencyMillis=5&failingSymbol=XYZ");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(sim.settings().latencyMillis).isEqualTo(5);
        assertThat(sim.settings().failingSymbol).isEqualTo("XYZ");
        JsonNode reported = JSON.readTree(r.body());
        assertThat(reported.get("latencyMillis").asLong()).isEqualTo(5);

        assertThat(JSON.readTree(get("/sim/config").body()).get("failingSymbol").asText()).isEqualTo("XYZ");
    }

    @Test
    void postingARevisionServesThatRevisionOfTheHistory() throws Exception {
        List<Bar> original = barsOf(JSON.readTree(dayOf("AAPL,MSFT").body()));

        assertThat(post("/sim/config?revision=3").statusCode()).isEqualTo(200);
        List<Bar> revised = barsOf(JSON.readTree(dayOf("AAPL,MSFT").body()));

        List<Bar> expected = new ArrayList<>(SyntheticBars.range("AAPL", DAY, DAY.plus(Duration.ofDays(1)), 3));
        expected.addAll(SyntheticBars.range("MSFT", DAY, DAY.plus(Duration.ofDays(1)), 3));
        assertThat(revised).isEqualTo(expected).isNotEqualTo(original);
        assertThat(post("/sim/config?revision=-1").statusCode()).isEqualTo(400);
        assertThat(sim.settings().revision).isEqualTo(3);
    }

    @Test
    void keptPagesAreServedAsRenderedAndEverySettingThatShapesAnAnswerGetsItsOwn() throws Exception {
        String fresh = dayOf("AAPL,MSFT").body();
        assertThat(post("/sim/config?pageCache=2").statusCode()).isEqualTo(200);

        assertThat(dayOf("AAPL,MSFT").body()).isEqualTo(fresh);
        assertThat(dayOf("AAPL,MSFT").body()).isEqualTo(fresh);
        assertThat(sim.pagesKept()).isEqualTo(1);
        // a kept page still counts as served, bar for bar
        assertThat(sim.stats().barsServed()).isEqualTo(3L * barsOf(JSON.readTree(fresh)).size());

        // another revision, another page: not the one kept for revision 0
        sim.settings().revision = 3;
        List<Bar> expected = new ArrayList<>(SyntheticBars.range("AAPL", DAY, DAY.plus(Duration.ofDays(1)), 3));
        expected.addAll(SyntheticBars.range("MSFT", DAY, DAY.plus(Duration.ofDays(1)), 3));
        assertThat(barsOf(JSON.readTree(dayOf("AAPL,MSFT").body()))).isEqualTo(expected);
        // malformed bars on: the kept clean page is not what is served
        sim.settings().revision = 0;
        sim.settings().malformedRate = 1;
        assertThat(dayOf("AAPL,MSFT").body()).isNotEqualTo(fresh);
        // at most pageCache pages are kept (which ones: RenderedPagesTest)
        assertThat(sim.pagesKept()).isEqualTo(2);
        sim.settings().malformedRate = 0;
        assertThat(dayOf("AAPL,MSFT").body()).isEqualTo(fresh);
        assertThat(sim.pagesKept()).isEqualTo(2);
        // pageCache 0 keeps none, and drops those kept
        sim.settings().pageCache = 0;
        assertThat(dayOf("AAPL,MSFT").body()).isEqualTo(fresh);
        assertThat(sim.pagesKept()).isZero();
    }

    @Test
    void postingAnUnknownConfigKeyIsABadRequest() throws Exception {
        HttpResponse<String> r = post("/sim/config?noSuchKey=1");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("noSuchKey");
    }

    @Test
    void postingARateOutsideZeroToOneIsABadRequest() throws Exception {
        assertThat(post("/sim/config?errorRate=1.5").statusCode()).isEqualTo(400);
        assertThat(sim.settings().errorRate).isZero();
    }

    @Test
    void statsReportRequestsViolationsBarsServedAndStatuses() throws Exception {
        sim.settings().quotaRequests = 1;
        int served = barsOf(JSON.readTree(dayOf("AAPL").body())).size();
        assertThat(dayOf("AAPL").statusCode()).isEqualTo(429);

        HttpResponse<String> r = get("/sim/stats");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode stats = JSON.readTree(r.body());
        assertThat(stats.get("requests").asLong()).isEqualTo(2);
        assertThat(stats.get("quotaViolations").asLong()).isEqualTo(1);
        assertThat(stats.get("barsServed").asLong()).isEqualTo(served);
        assertThat(stats.get("statuses").get("200").asLong()).isEqualTo(1);
        assertThat(stats.get("statuses").get("429").asLong()).isEqualTo(1);
    }

    @Test
    void resetZeroesTheStats() throws Exception {
        dayOf("AAPL");
        assertThat(post("/sim/reset").statusCode()).isEqualTo(200);
        assertThat(sim.stats().requests()).isZero();
        assertThat(sim.stats().barsServed()).isZero();
    }

    // ---- realism (issue 27) --------------------------------------------------------------------------------

    @Test
    void sortDescServesEachSymbolNewestFirstSymbolsStillAscendingAcrossPages() throws Exception {
        // Sort in @alpacahq/alpaca-trade-api 4.0.2 (src/market-data/models/Sort.ts): 'asc' | 'desc', "Sort data in
        // ascending or descending order", a parameter of StockBarsRequest and CryptoBarsRequest (src/market-data/apis)
        List<Bar> expected = new ArrayList<>();
        for (String s : List.of("AAPL", "MSFT", "NVDA")) {
            List<Bar> day = new ArrayList<>(SyntheticBars.range(s, DAY, DAY.plus(Duration.ofDays(1))));
            java.util.Collections.reverse(day);
            expected.addAll(day);
        }
        List<Bar> received = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            HttpResponse<String> r = bars("NVDA,AAPL,MSFT", DAY_START, DAY_END_INCLUSIVE,
                    "&sort=desc&limit=250" + (token == null ? "" : "&page_token=" + enc(token)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(r.body());
            received.addAll(barsOf(body));
            token = nextToken(body);
        } while (token != null && ++pages < 20);
        assertThat(received).containsExactlyElementsOf(expected);

        // a token of a sort=desc query resumes no sort=asc one
        String descToken = nextToken(JSON.readTree(bars("AAPL", DAY_START, DAY_END_INCLUSIVE, "&sort=desc&limit=10").body()));
        assertThat(bars("AAPL", DAY_START, DAY_END_INCLUSIVE, "&limit=10&page_token=" + enc(descToken)).statusCode()).isEqualTo(400);
        assertThat(bars("AAPL", DAY_START, DAY_END_INCLUSIVE, "&sort=newest").statusCode()).isEqualTo(400);
        sim.settings().set("sortDesc", "false");
        assertThat(bars("AAPL", DAY_START, DAY_END_INCLUSIVE, "&sort=desc").statusCode()).isEqualTo(400);
        assertThat(bars("AAPL", DAY_START, DAY_END_INCLUSIVE, "&sort=asc").statusCode()).isEqualTo(200);
    }

    @Test
    void retryAfterHasAFractionOfASecondUnlessToldOtherwise() throws Exception {
        sim.settings().quotaRequests = 1;
        sim.settings().quotaPeriodMillis = 60_000;
        assertThat(dayOf("AAPL").statusCode()).isEqualTo(200);
        // the exact wait in seconds, to the millisecond: just below the minute, with a fraction nearly always
        assertThat(dayOf("AAPL").headers().firstValue("Retry-After")).hasValueSatisfying(v -> {
            assertThat(v).matches("[0-9]+(\\.[0-9]{1,3})?");
            assertThat(new java.math.BigDecimal(v)).isGreaterThan(java.math.BigDecimal.valueOf(50)).isLessThanOrEqualTo(java.math.BigDecimal.valueOf(60));
        });
        sim.settings().set("fractionalRetryAfter", "false");
        assertThat(dayOf("AAPL").headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(v).matches("5[0-9]|60"));
        sim.settings().quotaRequests = 0;

        sim.settings().rateLimitRate = 1;
        assertThat(dayOf("AAPL").headers().firstValue("Retry-After")).hasValue("1");
        sim.settings().set("fractionalRetryAfter", "true");
        assertThat(dayOf("AAPL").headers().firstValue("Retry-After")).hasValue("1.5");
    }

    @Test
    void barsHaveTheFieldsOfTheClientsStockBarWithNAndVwSometimesAbsent() throws Exception {
        // StockBar in @alpacahq/alpaca-trade-api 4.0.2 (src/market-data/models/StockBar.ts): c, h, l, n, o, v, vw
        // numbers and t, "Timestamp in RFC-3339 format"; Alpaca's docs say n and vw come "when provided", so a bar
        // may lack them (the generated type marks them required; its FromJSON reads an absent field as undefined)
        Set<String> all = Set.of("t", "o", "h", "l", "c", "v", "n", "vw");
        Set<String> required = Set.of("t", "o", "h", "l", "c", "v");
        List<JsonNode> raw = rawBarsOf(JSON.readTree(bars("AAPL,MSFT,NVDA,SPY", "2026-11-23T00:00:00Z", "2026-11-25T23:59:59Z",
                "&limit=10000").body()));
        assertThat(raw).hasSizeGreaterThan(4_000);
        int withoutN = 0;
        int withoutVw = 0;
        for (JsonNode b : raw) {
            Set<String> fields = new TreeSet<>();
            b.fieldNames().forEachRemaining(fields::add);
            assertThat(all).as(b.toString()).containsAll(fields);
            assertThat(fields).as(b.toString()).containsAll(required);
            assertThat(java.time.OffsetDateTime.parse(b.get("t").asText()).getOffset()).isEqualTo(java.time.ZoneOffset.UTC);
            assertThat(b.get("v").isIntegralNumber()).isTrue();
            withoutN += b.has("n") ? 0 : 1;
            withoutVw += b.has("vw") ? 0 : 1;
        }
        assertThat(withoutN).as("without n of %d", raw.size()).isBetween(raw.size() / 200, raw.size() / 20);
        assertThat(withoutVw).as("without vw of %d", raw.size()).isBetween(raw.size() / 200, raw.size() / 20);
        assertThat(post("/sim/config?absentFieldsRate=0").statusCode()).isEqualTo(200);
        assertThat(rawBarsOf(JSON.readTree(dayOf("AAPL").body()))).allSatisfy(b -> assertThat(b.has("n") && b.has("vw")).isTrue());
    }

    @Test
    void everyRealismKnobIsSettableAtRunTimeAndReportedAndChangesWhatIsServed() throws Exception {
        JsonNode config = JSON.readTree(get("/sim/config").body());
        assertThat(config.get("fractionalCryptoVolumes").asBoolean()).isTrue();
        assertThat(config.get("absentFieldsRate").asDouble()).isEqualTo(0.02);
        assertThat(config.get("nyseCalendar").asBoolean()).isTrue();
        assertThat(config.get("massiveApiKeyParam").asBoolean()).isTrue();
        assertThat(config.get("sortDesc").asBoolean()).isTrue();
        assertThat(config.get("fractionalRetryAfter").asBoolean()).isTrue();
        assertThat(config.has("thinShare")).isTrue();
        assertThat(config.has("extendedHours")).isTrue();

        // Thanksgiving: no bars on the NYSE calendar, a full weekday without it (from 05:00Z: past the Wednesday's after-hours)
        String thanksgiving = "/v2/stocks/bars?symbols=AAPL&timeframe=1Min&start=2026-11-26T05:00:00Z&end=2026-11-26T23:59:59Z";
        assertThat(barsOf(JSON.readTree(get(thanksgiving).body()))).isEmpty();
        assertThat(post("/sim/config?nyseCalendar=false&thinShare=0.5&extendedHours=true").statusCode()).isEqualTo(200);
        Realism now = sim.settings().realism();
        assertThat(now).isEqualTo(new Realism(true, 0.02, false, 0.5, true));
        assertThat(barsOf(JSON.readTree(get(thanksgiving + "&limit=10000").body()))).isNotEmpty()
                .containsExactlyElementsOf(SyntheticBars.range(now, VendorEndpoint.ALPACA_STOCKS, "AAPL",
                        com.marketbars.ingest.model.Timeframe.ONE_MINUTE, Instant.parse("2026-11-26T05:00:00Z"),
                        Instant.parse("2026-11-27T00:00:00Z"), 0));

        assertThat(post("/sim/config?nyseCalendar=maybe").statusCode()).isEqualTo(400);
        assertThat(post("/sim/config?thinShare=1.5").statusCode()).isEqualTo(400);
        assertThat(post("/sim/config?absentFieldsRate=-0.1").statusCode()).isEqualTo(400);
        assertThat(sim.settings().nyseCalendar).isFalse();
    }
}
