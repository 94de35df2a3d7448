package com.marketbars.ingest.simulator;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.marketbars.ingest.calendar.NyseCalendar;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.support.GroundTruth;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static com.marketbars.ingest.simulator.SimulatorClient.json;
import static com.marketbars.ingest.simulator.SimulatorClient.massiveBars;
import static com.marketbars.ingest.simulator.VendorEndpoint.MASSIVE_STOCKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator's Massive (Polygon) aggregates endpoint, over real HTTP on loopback. */
class MassiveSimulatorTest extends SimulatorSpec {

    /** A Tuesday in New York standard time: trading is 14:30Z to 21:00Z. */
    private static final Instant TUESDAY = Instant.parse("2026-11-24T00:00:00Z");
    private static final Instant SATURDAY = Instant.parse("2026-11-28T00:00:00Z");

    private static String path(String ticker, String timespan, Object from, Object to) {
        return "/v2/aggs/ticker/" + ticker + "/range/1/" + timespan + "/" + from + "/" + to;
    }

    private HttpResponse<String> aggs(String ticker, String timespan, Object from, Object to, String query, String... headers)
            throws IOException, InterruptedException {
        return client.get(path(ticker, timespan, from, to) + "?" + query, headers);
    }

    private HttpResponse<String> dayOf(String ticker) throws IOException, InterruptedException {
        return aggs(ticker, "minute", "2026-11-24", "2026-11-24", "adjusted=true&sort=asc");
    }

    private List<Bar> truth(String ticker, Timeframe timeframe, Instant from, Instant to) {
        return GroundTruth.served(sim.settings().realism(), MASSIVE_STOCKS, List.of(ticker), timeframe, from, to, 0).get(ticker);
    }

    // ---- pagination ----------------------------------------------------------------------------------------

    @Test
    void followingNextUrlReturnsEveryBarOfTheRangeExactlyOnceAndTheLastPageHasNone() throws Exception {
        sim.settings().massiveRequiredKey = "k-123";
        Instant from = TUESDAY;
        Instant to = TUESDAY.plus(Duration.ofDays(7));   // Thanksgiving (no bars) and an early close among them
        String first = sim.baseUrl() + path("AAPL", "minute", from.toEpochMilli(), to.toEpochMilli() - 1) + "?adjusted=true&sort=asc&limit=500";

        List<Bar> received = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String url = first;
        while (url != null && pageSizes.size() < 50) {
            HttpResponse<String> r = client.getUrl(url, "Authorization", "Bearer k-123");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = json(r);
            assertThat(body.get("status").asText()).isEqualTo("OK");
            assertThat(body.get("ticker").asText()).isEqualTo("AAPL");
            List<Bar> page = massiveBars(body);
            assertThat(body.get("resultsCount").asInt()).isEqualTo(page.size());
            pageSizes.add(page.size());
            received.addAll(page);
            url = body.has("next_url") ? body.get("next_url").asText() : null;
            if (url != null) {
                URI next = URI.create(url);
                assertThat(next.getHost() + ":" + next.getPort()).isEqualTo("127.0.0.1:" + sim.port());
                assertThat(next.getRawPath()).isEqualTo(URI.create(first).getRawPath());
                assertThat(next.getRawQuery()).startsWith("cursor=").doesNotContain("k-123").doesNotContainIgnoringCase("apikey");
            }
        }

        List<Bar> expected = truth("AAPL", Timeframe.ONE_MINUTE, from, to);
        assertThat(expected).hasSizeGreaterThan(1100);
        assertThat(received).containsExactlyElementsOf(expected);
        assertThat(pageSizes.subList(0, pageSizes.size() - 1)).containsOnly(500);
        assertThat(pageSizes.get(pageSizes.size() - 1)).isBetween(1, 500);
        assertThat(sim.stats().requests(MASSIVE_STOCKS)).isEqualTo(pageSizes.size());
        assertThat(sim.stats().barsServed(MASSIVE_STOCKS)).isEqualTo(expected.size());
        assertThat(sim.stats().requests(VendorEndpoint.ALPACA_STOCKS)).isZero();
    }

    @Test
    void theDefaultLimitIsFiveThousandAndAboveFiftyThousandIsABadRequest() throws Exception {
        Instant to = TUESDAY.plus(Duration.ofDays(21));
        JsonNode first = json(aggs("MSFT", "minute", TUESDAY.toEpochMilli(), to.toEpochMilli() - 1, "sort=asc"));
        assertThat(massiveBars(first)).hasSize(5_000);
        assertThat(first.has("next_url")).isTrue();

        HttpResponse<String> all = aggs("MSFT", "minute", TUESDAY.toEpochMilli(), to.toEpochMilli() - 1, "limit=50000");
        assertThat(massiveBars(json(all))).containsExactlyElementsOf(truth("MSFT", Timeframe.ONE_MINUTE, TUESDAY, to));
        assertThat(json(all).has("next_url")).isFalse();

        assertThat(aggs("MSFT", "minute", TUESDAY.toEpochMilli(), to.toEpochMilli(), "limit=50001").statusCode()).isEqualTo(400);
        assertThat(aggs("MSFT", "minute", TUESDAY.toEpochMilli(), to.toEpochMilli(), "limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void fromAndToAreBothInclusiveInEpochMillisAndADateIsItsWholeUtcDay() throws Exception {
        List<Bar> day = truth("NVDA", Timeframe.ONE_MINUTE, TUESDAY, TUESDAY.plus(Duration.ofDays(1)));
        assertThat(massiveBars(json(aggs("NVDA", "minute", "2026-11-24", "2026-11-24", "")))).containsExactlyElementsOf(day);

        Bar a = day.get(10);
        Bar c = day.get(12);
        List<Bar> inclusive = massiveBars(json(aggs("NVDA", "minute", a.ts().toEpochMilli(), c.ts().toEpochMilli(), "")));
        assertThat(inclusive).containsExactlyElementsOf(day.subList(10, 13));
        List<Bar> justBefore = massiveBars(json(aggs("NVDA", "minute", a.ts().toEpochMilli() + 1, c.ts().toEpochMilli() - 1, "")));
        assertThat(justBefore).containsExactly(day.get(11));
    }

    @Test
    void aRangeWithoutBarsHasNoResultsFieldAndNoNextUrl() throws Exception {
        HttpResponse<String> r = aggs("AAPL", "minute", "2026-11-28", "2026-11-29", "");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("status").asText()).isEqualTo("OK");
        assertThat(body.get("resultsCount").asInt()).isZero();
        assertThat(body.has("results")).isFalse();
        assertThat(body.has("next_url")).isFalse();
    }

    @Test
    void aCursorOnlyResumesTheQueryThatIssuedItAndCarriesItsLimit() throws Exception {
        JsonNode first = json(aggs("AAPL", "minute", "2026-11-24", "2026-11-24", "limit=10"));
        String next = first.get("next_url").asText();
        String cursor = URI.create(next).getRawQuery();

        JsonNode second = json(client.getUrl(next));
        assertThat(massiveBars(second)).hasSize(10)
                .containsExactlyElementsOf(truth("AAPL", Timeframe.ONE_MINUTE, TUESDAY, TUESDAY.plus(Duration.ofDays(1))).subList(10, 20));

        assertThat(client.get(path("MSFT", "minute", "2026-11-24", "2026-11-24") + "?" + cursor).statusCode()).isEqualTo(400);
        assertThat(client.get(path("AAPL", "hour", "2026-11-24", "2026-11-24") + "?" + cursor).statusCode()).isEqualTo(400);
        assertThat(client.get(path("AAPL", "minute", "2026-11-24", "2026-11-24") + "?cursor=garbage").statusCode()).isEqualTo(400);
    }

    @Test
    void otherSortsMultipliersTimespansDatesAndPathsAreRefused() throws Exception {
        assertThat(aggs("AAPL", "minute", "2026-11-24", "2026-11-24", "sort=newest").statusCode()).isEqualTo(400);
        assertThat(aggs("AAPL", "minute", "2026-11-24", "2026-11-24", "adjusted=maybe").statusCode()).isEqualTo(400);
        assertThat(aggs("AAPL", "week", "2026-11-24", "2026-11-24", "").statusCode()).isEqualTo(400);
        assertThat(aggs("AAPL", "minute", "yesterday", "2026-11-24", "").statusCode()).isEqualTo(400);
        assertThat(aggs("AAPL", "minute", "2026-11-25", "2026-11-24", "").statusCode()).isEqualTo(400);
        assertThat(client.get("/v2/aggs/ticker/AAPL/range/5/minute/2026-11-24/2026-11-24").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = client.get("/v2/aggs/ticker/AAPL/prev");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("status").asText()).isEqualTo("ERROR");
    }

    @Test
    void sortDescServesNewestFirstAndItsNextUrlsCarryOnBackwardsToTheFirstBar() throws Exception {
        // the client's doc of sort (@massive.com/client-js 10.8.0 dist/main.d.ts, getStocksAggregates): "asc will
        // return results in ascending order (oldest at the top), desc will return results in descending order (newest
        // at the top)"
        Instant to = TUESDAY.plus(Duration.ofDays(3));
        List<Bar> expected = new ArrayList<>(truth("AAPL", Timeframe.ONE_MINUTE, TUESDAY, to));
        java.util.Collections.reverse(expected);
        List<Bar> received = new ArrayList<>();
        String url = sim.baseUrl() + path("AAPL", "minute", TUESDAY.toEpochMilli(), to.toEpochMilli() - 1) + "?sort=desc&limit=300";
        int pages = 0;
        while (url != null && pages++ < 20) {
            JsonNode body = json(client.getUrl(url));
            List<Bar> page = massiveBars(body);
            if (pages == 1) {
                assertThat(page).as("the first page is the newest bars").containsExactlyElementsOf(expected.subList(0, 300));
            }
            received.addAll(page);
            url = body.has("next_url") ? body.get("next_url").asText() : null;
        }
        assertThat(received).containsExactlyElementsOf(expected);
        // a cursor carries its sort: a next_url names no sort, yet its page goes on newest first
        String next = json(aggs("AAPL", "minute", "2026-11-24", "2026-11-25", "sort=desc&limit=5")).get("next_url").asText();
        assertThat(massiveBars(json(client.getUrl(next)))).extracting(Bar::ts).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        sim.settings().set("sortDesc", "false");
        assertThat(aggs("AAPL", "minute", "2026-11-24", "2026-11-24", "sort=desc").statusCode()).isEqualTo(400);
        assertThat(aggs("AAPL", "minute", "2026-11-24", "2026-11-24", "sort=asc").statusCode()).isEqualTo(200);
    }

    @Test
    void followingNextUrlWithTheKeyAppendedAsMassivesOwnClientDoesReachesTheEnd() throws Exception {
        // @massive.com/client-js 10.8.0 (dist/main.js, its pagination interceptor) fetches `${next_url}&apiKey=${key}`
        // and sends the key of every call as the apiKey query parameter, never as a header
        sim.settings().massiveRequiredKey = "k-9";
        String url = sim.baseUrl() + path("MSFT", "minute", "2026-11-24", "2026-11-25") + "?adjusted=true&sort=asc&limit=200&apiKey=k-9";
        List<Bar> received = new ArrayList<>();
        int pages = 0;
        while (url != null && pages++ < 20) {
            HttpResponse<String> r = client.getUrl(url);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = json(r);
            received.addAll(massiveBars(body));
            url = body.has("next_url") ? body.get("next_url").asText() + "&apiKey=k-9" : null;
            if (url != null) {
                assertThat(body.get("next_url").asText()).doesNotContain("k-9");
            }
        }
        assertThat(pages).isGreaterThan(3);
        assertThat(received).containsExactlyElementsOf(truth("MSFT", Timeframe.ONE_MINUTE, TUESDAY, TUESDAY.plus(Duration.ofDays(2))));
    }

    @Test
    void barsHaveTheFieldsOfTheClientsTypeWithNAndVwSometimesAbsent() throws Exception {
        // GetStocksAggregates200ResponseAllOfResultsInner in @massive.com/client-js 10.8.0 dist/main.d.ts: c, h, l, o, t
        // and v numbers, required; n and vw numbers, optional ('n'?: number, 'vw'?: number); otc optional, only when true.
        // GetStocksAggregates200Response: ticker, adjusted, queryCount, request_id, resultsCount, status required;
        // results and next_url optional.
        Set<String> required = Set.of("c", "h", "l", "o", "t", "v");
        Set<String> optional = Set.of("n", "vw", "otc");
        JsonNode body = json(aggs("AAPL", "minute", "2026-11-23", "2026-11-27", "limit=50000"));
        assertThat(iterable(body.fieldNames())).contains("ticker", "adjusted", "queryCount", "request_id", "resultsCount", "status", "results");
        int withoutN = 0;
        int withoutVw = 0;
        for (JsonNode b : body.get("results")) {
            Set<String> fields = new TreeSet<>(iterable(b.fieldNames()));
            assertThat(fields).as(b.toString()).containsAll(required);
            fields.removeAll(required);
            assertThat(optional).as(b.toString()).containsAll(fields);
            for (String f : List.of("c", "h", "l", "o", "t", "v", "n", "vw")) {
                assertThat(!b.has(f) || b.get(f).isNumber()).as(f + " is a number: " + b).isTrue();
            }
            assertThat(b.get("v").isIntegralNumber()).as("stock volumes are whole: %s", b).isTrue();
            withoutN += b.has("n") ? 0 : 1;
            withoutVw += b.has("vw") ? 0 : 1;
        }
        int n = body.get("results").size();
        assertThat(withoutN).as("bars without n of %d", n).isBetween(1, n / 20);
        assertThat(withoutVw).as("bars without vw of %d", n).isBetween(1, n / 20);
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    /** A UTC day's bar as Massive's aggregates stamp it: at the New York midnight of its date. */
    private static Bar atNewYorkMidnight(Bar b) {
        Instant midnight = LocalDate.ofInstant(b.ts(), ZoneOffset.UTC).atStartOfDay(NyseCalendar.NEW_YORK).toInstant();
        return new Bar(b.symbol(), midnight, b.open(), b.high(), b.low(), b.close(), b.volume(), b.tradeCount(), b.vwap());
    }

    // ---- timeframes ----------------------------------------------------------------------------------------

    @Test
    void hourAndDayBarsAreTheMinuteBarsOfEachUtcHourAndDayFoldedADayStampedAtNewYorkMidnightAsMassiveDoes() throws Exception {
        sim.settings().extendedHours = false;   // the regular session's hours, which the last assertion counts
        List<Bar> minutes = massiveBars(json(aggs("AAPL", "minute", "2026-11-23", "2026-11-28", "limit=50000")));
        List<Bar> hours = massiveBars(json(aggs("AAPL", "hour", "2026-11-23", "2026-11-28", "")));
        List<Bar> days = massiveBars(json(aggs("AAPL", "day", "2026-11-23", "2026-11-28", "")));

        assertThat(hours).containsExactlyElementsOf(SimulatorClient.fold(minutes, 3600))
                .containsExactlyElementsOf(truth("AAPL", Timeframe.ONE_HOUR, Instant.parse("2026-11-23T00:00:00Z"), SATURDAY.plus(Duration.ofDays(1))));
        assertThat(days).as("Monday to Friday but Thanksgiving").containsExactlyElementsOf(SimulatorClient.fold(minutes, 86_400).stream()
                .map(MassiveSimulatorTest::atNewYorkMidnight).toList()).hasSize(4)
                .extracting(b -> b.ts().toString()).startsWith("2026-11-23T05:00:00Z");
        // epoch-millisecond bounds take a day by its stamp: the Tuesday's New York midnight to just before the Wednesday's
        long tuesday = Instant.parse("2026-11-24T05:00:00Z").toEpochMilli();
        assertThat(massiveBars(json(aggs("AAPL", "day", Long.toString(tuesday), Long.toString(tuesday + 86_400_000L - 1), ""))))
                .containsExactly(days.get(1));
        assertThat(massiveBars(json(aggs("AAPL", "day", Long.toString(tuesday + 1), Long.toString(tuesday + 86_400_000L), ""))))
                .containsExactly(days.get(2));
        // the session opens at 14:30Z in November: the 14:00 hour has at most its last 30 minutes
        assertThat(hours).extracting(b -> b.ts().toString()).contains("2026-11-24T14:00:00Z", "2026-11-24T20:00:00Z")
                .doesNotContain("2026-11-24T21:00:00Z", "2026-11-24T13:00:00Z");
    }

    // ---- key and quota -------------------------------------------------------------------------------------

    @Test
    void noKeyIsRequiredByDefaultAndARequiredKeyIsCheckedAsABearerToken() throws Exception {
        assertThat(dayOf("AAPL").statusCode()).isEqualTo(200);

        sim.settings().set("massiveRequiredKey", "s3cret");
        HttpResponse<String> none = dayOf("AAPL");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none).get("status").asText()).isEqualTo("ERROR");
        assertThat(json(none).get("error").asText()).isNotBlank();
        assertThat(aggs("AAPL", "minute", "2026-11-24", "2026-11-24", "", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(aggs("AAPL", "minute", "2026-11-24", "2026-11-24", "", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
        assertThat(sim.settings().asMap()).containsEntry("massiveRequiredKey", "(set)");
        // Massive also takes the key as ?apiKey=, the only way its own JS client sends it
        assertThat(aggs("AAPL", "minute", "2026-11-24", "2026-11-24", "apiKey=s3cret").statusCode()).isEqualTo(200);
        assertThat(aggs("AAPL", "minute", "2026-11-24", "2026-11-24", "apiKey=wrong").statusCode()).isEqualTo(401);
        assertThat(aggs("AAPL", "minute", "2026-11-24", "2026-11-24", "apiKey=s3cret", "Authorization", "Bearer wrong").statusCode())
                .as("either credential that is right lets the request in").isEqualTo(200);
        sim.settings().set("massiveApiKeyParam", "false");
        assertThat(aggs("AAPL", "minute", "2026-11-24", "2026-11-24", "apiKey=s3cret").statusCode())
                .as("with massiveApiKeyParam off only the header counts").isEqualTo(401);
    }

    @Test
    void itsOwnQuotaAnswers429WithoutAnyRateLimitHeaderAndLeavesTheAlpacaAccountAlone() throws Exception {
        sim.settings().set("massiveQuotaRequests", "2");
        sim.settings().quotaRequests = 1;

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> ok = dayOf("AAPL");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(rateLimitHeaders(ok)).isEmpty();
        }
        HttpResponse<String> refused = dayOf("AAPL");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(rateLimitHeaders(refused)).isEmpty();
        assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
        assertThat(json(refused).get("status").asText()).isEqualTo("ERROR");
        assertThat(sim.stats().quotaViolations(MASSIVE_STOCKS)).isEqualTo(1);

        HttpResponse<String> alpaca = client.get("/v2/stocks/bars?symbols=AAPL&timeframe=1Min&start=2026-11-24T00:00:00Z&end=2026-11-24T23:59:59Z");
        assertThat(alpaca.statusCode()).as("the Alpaca account has its own quota").isEqualTo(200);
        assertThat(sim.stats().quotaViolations(VendorEndpoint.ALPACA_STOCKS)).isZero();
        assertThat(sim.stats().quotaViolations()).isEqualTo(1);
    }

    private static Set<String> rateLimitHeaders(HttpResponse<String> r) {
        Set<String> out = new TreeSet<>();
        r.headers().map().keySet().stream().filter(h -> h.toLowerCase().startsWith("x-ratelimit")).forEach(out::add);
        return out;
    }

    // ---- faults --------------------------------------------------------------------------------------------

    @Test
    void errorsHangsOutagesAndRateLimitStormsApplyInMassiveShape() throws Exception {
        sim.settings().errorRate = 1;
        HttpResponse<String> error = dayOf("AAPL");
        assertThat(error.statusCode()).isEqualTo(503);
        assertThat(json(error).get("status").asText()).isEqualTo("ERROR");
        sim.settings().errorRate = 0;

        sim.settings().hangRate = 1;
        sim.settings().hangMillis = 50;
        assertThat(dayOf("AAPL").statusCode()).isEqualTo(504);
        sim.settings().hangRate = 0;

        sim.settings().rateLimitRate = 1;
        HttpResponse<String> storm = dayOf("AAPL");
        assertThat(storm.statusCode()).isEqualTo(429);
        assertThat(rateLimitHeaders(storm)).isEmpty();
        assertThat(storm.headers().firstValue("Retry-After")).isEmpty();
        sim.settings().rateLimitRate = 0;

        sim.settings().outage = true;
        assertThat(dayOf("AAPL").statusCode()).isEqualTo(503);
        sim.settings().outage = false;

        sim.settings().failingSymbol = "XYZ";
        assertThat(dayOf("XYZ").statusCode()).isEqualTo(400);
        assertThat(dayOf("AAPL").statusCode()).isEqualTo(200);
    }

    @Test
    void truncatedBodiesAreNotValidJson() throws Exception {
        sim.settings().truncateRate = 1;
        HttpResponse<String> r = dayOf("AAPL");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("{\"ticker\":\"AAPL\"");
        assertThatThrownBy(() -> json(r)).isInstanceOf(JacksonException.class);
    }

    @Test
    void malformedBarsAreCorruptedInOneOfFourWaysExactlyWhereGroundTruthSays() throws Exception {
        sim.settings().malformedRate = 0.2;
        sim.settings().seed = 7;
        JsonNode body = json(dayOf("AAPL"));
        List<Bar> intact = GroundTruth.served(MASSIVE_STOCKS, List.of("AAPL"), Timeframe.ONE_MINUTE, TUESDAY,
                TUESDAY.plus(Duration.ofDays(1)), 0, 7, 0.2, true).get("AAPL");
        List<Bar> corrupted = GroundTruth.served(MASSIVE_STOCKS, List.of("AAPL"), Timeframe.ONE_MINUTE, TUESDAY,
                TUESDAY.plus(Duration.ofDays(1)), 0, 7, 0.2, false).get("AAPL");
        assertThat(corrupted).hasSizeBetween(40, 120);

        Set<Long> corruptedMillis = new TreeSet<>();
        corrupted.forEach(b -> corruptedMillis.add(b.ts().toEpochMilli()));
        List<Bar> clean = new ArrayList<>();
        for (JsonNode b : body.get("results")) {
            assertThat(b.get("t").isIntegralNumber()).as("t is epoch milliseconds: %s", b).isTrue();
            boolean bad = !b.has("c") || b.get("o").isTextual() || b.get("h").asDouble() < b.get("l").asDouble() || b.get("v").asLong() < 0;
            assertThat(bad).as(b.toString()).isEqualTo(corruptedMillis.contains(b.get("t").asLong()));
            if (!bad) {
                clean.add(SimulatorClient.bar("AAPL", Instant.ofEpochMilli(b.get("t").asLong()), b));
            }
        }
        assertThat(clean).containsExactlyElementsOf(intact);
        assertThat(sim.stats().malformedBars()).isEqualTo(corrupted.size());
    }

    @Test
    void massiveHasItsOwnHistoryOfATickerNotAlpacasAndRevisionsApply() throws Exception {
        List<Bar> massive = massiveBars(json(dayOf("AAPL")));
        List<Bar> alpaca = SyntheticBars.range("AAPL", TUESDAY, TUESDAY.plus(Duration.ofDays(1)));
        assertThat(massive).isNotEmpty().doesNotContainAnyElementsOf(alpaca);

        sim.settings().revision = 2;
        List<Bar> revised = massiveBars(json(dayOf("AAPL")));
        assertThat(revised).isNotEqualTo(massive).containsExactlyElementsOf(
                GroundTruth.served(MASSIVE_STOCKS, List.of("AAPL"), Timeframe.ONE_MINUTE, TUESDAY, TUESDAY.plus(Duration.ofDays(1)), 2).get("AAPL"));
    }
}
