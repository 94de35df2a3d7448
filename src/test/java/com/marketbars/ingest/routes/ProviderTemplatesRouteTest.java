package com.marketbars.ingest.routes;

import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.dlq.DeadLetter;
import com.marketbars.ingest.feeds.Feed;
import com.marketbars.ingest.pipeline.BarPage;
import com.marketbars.ingest.pipeline.IncompleteWindowException;
import com.marketbars.ingest.quota.AccountQuota;
import com.marketbars.ingest.model.WriteResult;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.marketbars.ingest.routes.FakeMassive.error;
import static com.marketbars.ingest.routes.FakeMassive.page;
import static com.marketbars.ingest.routes.FakeVendor.body;
import static com.marketbars.ingest.routes.FakeVendor.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Specs of the page routes made from the vendor templates other than Alpaca stocks: {@code massive-aggs}
 * (routes/provider-massive.camel.yaml) and {@code alpaca-bars} serving crypto pairs. One deployment has two feeds of two
 * accounts: {@code massive_1min} (Massive, account "massive", AAPL and MSFT, one ticker a batch) and {@code crypto_1min}
 * (Alpaca crypto, account "alpaca", BTC/USD and ETH/USD in one batch). The step {@code vendor-http} of
 * {@code fetch-page-massive_1min} is a {@link FakeMassive}, that of {@code fetch-page-crypto_1min} a {@link FakeAlpaca}.
 * Each spec backfills one window, [14:30, 14:35) on 2026-11-24, of one feed or both.
 */
class ProviderTemplatesRouteTest extends RouteSpec {
    static final String MASSIVE = "massive_1min";
    static final String CRYPTO = "crypto_1min";
    static final String PAIRS = "BTC/USD,ETH/USD";
    static final long T0 = FROM.toEpochMilli();
    /** The path of Massive's first page of AAPL in the window: both bounds inclusive, in epoch milliseconds. */
    static final String AAPL_RANGE = "/v2/aggs/ticker/AAPL/range/1/minute/" + T0 + "/" + (TO.toEpochMilli() - 1);

    final FakeMassive massive = new FakeMassive();
    final FakeAlpaca crypto = new FakeAlpaca();

    /** The Massive feed takes the deployment's universe, AAPL and MSFT; its provider makes its batches one ticker. */
    @Override
    void testProperties(Properties p) {
        p.put("ingest.feeds", MASSIVE + "," + CRYPTO);
        p.put("ingest.feed." + MASSIVE + ".provider", "massive-stocks");
        p.put("ingest.feed." + MASSIVE + ".account.name", "massive");
        p.put("ingest.account.massive.quota", "100/PT1S");
        p.put("ingest.feed." + CRYPTO + ".provider", "alpaca-crypto");
        p.put("ingest.feed." + CRYPTO + ".universe", PAIRS);
        p.put("ingest.feed." + CRYPTO + ".batch.symbols", "2");
    }

    @Override
    Map<String, FakeVendor> vendors() {
        return Map.of(MASSIVE, massive, CRYPTO, crypto);
    }

    /** A Massive next_url of AAPL's minute aggregates in the window, on {@code host}, with this query. */
    static String nextUrl(String host, String query) {
        return host + AAPL_RANGE + "?" + query;
    }

    // ---- Massive: the request -------------------------------------------------------------------------------

    @Test
    void aMassiveRequestIsAGetOfOneTickerWithInclusiveEpochMillisBoundsTheLargestPageInTimeOrder() throws Exception {
        adviseRoutes();
        context.start();
        checkpointed.expectedMessageCount(1);
        checkpointed.expectedHeaderReceived("checkpoint", windowDone("AAPL,MSFT"));

        template.requestBodyAndHeaders("direct:ingest-job", backfill(MASSIVE),
                Map.of("Authorization", "Bearer from-the-caller", Exchange.HTTP_URI, "http://elsewhere.example/"));

        checkpointed.assertIsSatisfied();
        assertThat(massive.requests()).extracting(FakeVendor.Request::symbols).containsExactlyInAnyOrder("AAPL", "MSFT");
        for (FakeVendor.Request r : massive.requests()) {
            assertThat(r.method()).isEqualTo("GET");
            // [14:30, 14:35) is asked for as 14:30:00.000 .. 14:34:59.999, Massive's bounds being inclusive
            assertThat(r.path()).isEqualTo("/v2/aggs/ticker/" + r.symbols() + "/range/1/minute/" + T0 + "/" + (TO.toEpochMilli() - 1));
            assertThat(param(r.query(), "limit")).isEqualTo("50000");
            assertThat(param(r.query(), "sort")).isEqualTo("asc");
            assertThat(param(r.query(), "adjusted")).isEqualTo("false");
            assertThat(param(r.query(), "apiKey")).isNull();
            // the key is added below Camel (MassiveCredentials); no header of the caller reaches the vendor, and only
            // the endpoint's own URI says where the request goes
            assertThat(r.headers().keySet()).noneMatch(h -> h.equalsIgnoreCase("Authorization"))
                    .doesNotContain(Exchange.HTTP_URI, Exchange.HTTP_RAW_QUERY);
        }
        assertThat(writesOf("AAPL")).extracting(WriteResult::inserted).containsExactly(1L);
        assertThat(writesOf("MSFT")).extracting(WriteResult::inserted).containsExactly(1L);
        assertThat(crypto.requests()).as("the other feed's vendor").isEmpty();
    }

    // ---- Massive: paging ------------------------------------------------------------------------------------

    @Test
    void aMassiveBatchFollowsNextUrlToTheEndByItsPathAndQueryOnlyOnOurOwnHost() throws Exception {
        massive.answer("AAPL",
                page("AAPL", T0, nextUrl("https://api.massive.com", "cursor=c2&apiKey=leaked")),
                page("AAPL", T0 + 60_000, nextUrl("https://elsewhere.example:8443", "cursor=c3")),
                page("AAPL", T0 + 120_000, null));
        backfillMassiveWindowToTheCheckpoint();

        List<FakeVendor.Request> aapl = massive.requests("AAPL");
        assertThat(aapl).hasSize(3);
        assertThat(aapl).extracting(FakeVendor.Request::path).containsOnly(AAPL_RANGE);
        assertThat(aapl.get(0).query()).doesNotContain("cursor");
        // the next_url's query without the key it carried; its host is never taken: the endpoint's URI is the only one
        assertThat(aapl.get(1).query()).isEqualTo("cursor=c2");
        assertThat(aapl.get(2).query()).isEqualTo("cursor=c3");
        assertThat(aapl).allSatisfy(r -> assertThat(r.headers()).doesNotContainKeys(Exchange.HTTP_URI, Exchange.HTTP_RAW_QUERY));
        // the cursor kept between pages (and logged with them) has no key either
        assertThat(pagesOf("AAPL")).extracting(BarPage::nextPageToken).containsExactly(
                nextUrl("https://api.massive.com", "cursor=c2"), nextUrl("https://elsewhere.example:8443", "cursor=c3"), null);
        assertThat(writesOf("AAPL")).extracting(WriteResult::inserted).containsExactly(1L, 1L, 1L);
        assertThat(deadLetters(MASSIVE)).isEmpty();
    }

    @Test
    void aNextUrlToAnotherTickerIsNotFollowedAndTheBatchIsDeadLetteredSayingWhy() throws Exception {
        massive.answer("AAPL", page("AAPL", T0,
                "https://api.massive.com/v2/aggs/ticker/EVIL/range/1/minute/" + T0 + "/" + (TO.toEpochMilli() - 1) + "?cursor=x"));
        backfillMassiveWindowToTheCheckpoint();

        assertThat(massive.requests()).extracting(FakeVendor.Request::path).noneMatch(p -> p.contains("EVIL"));
        assertThat(massive.requests("AAPL")).hasSize(1);   // refused before sending, and not redelivered
        assertThat(writesOf("AAPL")).extracting(WriteResult::inserted).containsExactly(1L);
        DeadLetter row = single(deadLetters(MASSIVE));
        assertThat(row.request().symbols()).containsExactly("AAPL");
        assertThat(row.reason()).contains("next_url", "/v2/aggs/ticker/EVIL/", "not to the minute aggregates of AAPL", "refused")
                .doesNotContain("api.massive.com", "cursor");
        assertThat(deadLetters(CRYPTO)).isEmpty();
    }

    @Test
    @Timeout(20)   // were "" read as a next page, the batch would ask for its first page again and again
    void anEmptyOrAbsentNextUrlOrAnEmptyNextPageTokenEndsTheBatch() throws Exception {
        massive.answer("AAPL", body("{\"ticker\":\"AAPL\",\"status\":\"OK\",\"resultsCount\":1,\"results\":[{\"t\":" + T0
                + ",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1}],\"next_url\":\"\"}"));
        massive.answer("MSFT", page("MSFT", T0, null));
        crypto.answer(PAIRS, body(FakeAlpaca.pageJson(Map.of("BTC/USD", FROM.toString(), "ETH/USD", FROM.toString()), "")));
        adviseRoutes();
        context.start();
        checkpointed.expectedMessageCount(2);

        template.requestBody("direct:ingest-job", backfill(MASSIVE));
        template.requestBody("direct:ingest-job", backfill(CRYPTO));

        checkpointed.assertIsSatisfied();
        assertThat(massive.requests("AAPL")).hasSize(1);
        assertThat(massive.requests("MSFT")).hasSize(1);
        assertThat(crypto.requests(PAIRS)).hasSize(1);
        assertThat(pagesOf("AAPL")).extracting(BarPage::hasNext).containsExactly(false);
        assertThat(writesOf(PAIRS)).extracting(WriteResult::inserted).containsExactly(2L);
    }

    // ---- Massive: its error shapes --------------------------------------------------------------------------

    @Test
    void aMassive5xxErrorBodyIsRedeliveredAndA4xxOneIsDeadLetteredWithTheVendorsWords() throws Exception {
        massive.answer("AAPL", error(502, "Internal server error"), error(503, "Service unavailable"));   // then a good page
        massive.refuseSymbol("MSFT", error(404, "Ticker not found: MSFT"));
        backfillMassiveWindowToTheCheckpoint();

        assertThat(massive.requests("AAPL")).hasSize(3);
        assertThat(writesOf("AAPL")).extracting(WriteResult::inserted).containsExactly(1L);
        assertThat(massive.requests("MSFT")).as("a refusal is not redelivered").hasSize(1);
        DeadLetter row = single(deadLetters(MASSIVE));
        assertThat(row.request().symbols()).containsExactly("MSFT");
        assertThat(row.reason()).startsWith("HTTP 404").contains("\"status\":\"ERROR\"", "Ticker not found: MSFT");
    }

    @Test
    void aMassiveErrorBodyWithStatus200IsNotAPageAndIsDeadLetteredWithItsMessage() throws Exception {
        massive.answer("AAPL", body(FakeMassive.errorJson("Unknown parameter 'limit'")));
        adviseRoutes();
        context.start();
        checkpointed.expectedMessageCount(1);

        template.requestBody("direct:ingest-job", backfill(MASSIVE));

        checkpointed.assertIsSatisfied();
        assertThat(pagesOf("AAPL")).isEmpty();
        DeadLetter row = single(deadLetters(MASSIVE));
        assertThat(row.request().symbols()).containsExactly("AAPL");
        assertThat(row.reason()).contains("status ERROR", "Unknown parameter 'limit'");
    }

    @Test
    @Timeout(20)
    void aMassive429WithoutHeadersPausesItsAccountThenThePageIsAskedAgainAndNeverDeadLettered() throws Exception {
        massive.answer("AAPL", error(429, "You've exceeded the maximum requests per minute"));   // then a good page
        backfillMassiveWindowToTheCheckpoint();

        List<FakeVendor.Request> aapl = massive.requests("AAPL");
        assertThat(aapl).hasSize(2);
        assertThat(aapl.get(1).path()).isEqualTo(AAPL_RANGE);
        // no Retry-After, no X-RateLimit-*: the account waits to the end of the next second before asking again
        assertThat((aapl.get(1).nanoTime() - aapl.get(0).nanoTime()) / 1_000_000).as("ms between the 429 and the next request")
                .isGreaterThanOrEqualTo(900);
        assertThat(writesOf("AAPL")).extracting(WriteResult::inserted).containsExactly(1L);
        assertThat(deadLetters(MASSIVE)).isEmpty();
        assertThat(quota("massive").getRateLimitedResponses()).isEqualTo(1);
        assertThat(quota("alpaca").getRateLimitedResponses()).isZero();
    }

    @Test
    void aMassive401StopsTheMassiveFeedOnlyNamingItsKeyAndDeadLettersNothing() throws Exception {
        massive.alwaysAnswer("AAPL", error(401, "Unknown API Key"));
        massive.alwaysAnswer("MSFT", error(401, "Unknown API Key"));
        adviseRoutes();
        context.start();
        IngestJob job = backfill(MASSIVE);

        assertThatThrownBy(() -> template.requestBody("direct:ingest-job", job))
                .isInstanceOf(CamelExecutionException.class)
                .satisfies(e -> assertThat(causeChain(e)).hasAtLeastOneElementOfType(IncompleteWindowException.class));

        assertThat(massive.requests()).hasSize(2);   // each batch once: a 401 is neither redelivered nor dead-lettered
        assertThat(deadLetters(MASSIVE)).isEmpty();
        assertThat(checkpointOf(job)).isEmpty();
        assertThat(feed(MASSIVE).control().isRunning()).isFalse();
        assertThat(feed(MASSIVE).control().stoppedReason()).contains("HTTP 401", "Unknown API Key", "MASSIVE_API_KEY")
                .doesNotContain("APCA");

        // the other feed, of another account, goes on
        assertThat(feed(CRYPTO).control().isRunning()).isTrue();
        template.requestBody("direct:ingest-job", backfill(CRYPTO));
        assertThat(writesOf(PAIRS)).extracting(WriteResult::inserted).containsExactly(2L);
    }

    // ---- Alpaca crypto ---------------------------------------------------------------------------------------

    @Test
    void aCryptoRequestIsAGetOfThePairsWithoutStockParametersAndItsBarsAreTheCryptoFeeds() throws Exception {
        adviseRoutes();
        context.start();
        checkpointed.expectedMessageCount(2);

        template.requestBodyAndHeaders("direct:ingest-job", backfill(CRYPTO),
                Map.of("APCA-API-KEY-ID", "from-the-caller", "APCA-API-SECRET-KEY", "from-the-caller"));
        template.requestBody("direct:ingest-job", backfill(MASSIVE));

        checkpointed.assertIsSatisfied();
        FakeVendor.Request r = crypto.requests().get(0);
        assertThat(crypto.requests()).hasSize(1);
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.query()).contains("symbols=BTC%2FUSD%2CETH%2FUSD", "timeframe=1Min", "limit=10000", "sort=asc");
        assertThat(param(r.query(), "start")).isEqualTo("2026-11-24T14:30:00Z");
        assertThat(param(r.query(), "end")).isEqualTo("2026-11-24T14:34:59Z");
        // crypto bars take neither Alpaca's stock feed nor its adjustment
        assertThat(param(r.query(), "feed")).isNull();
        assertThat(param(r.query(), "adjustment")).isNull();
        assertThat(r.headers().keySet()).noneMatch(name -> name.regionMatches(true, 0, "APCA", 0, 4));
        assertThat(barsBySource()).containsExactly(
                CRYPTO + " BTC/USD", CRYPTO + " ETH/USD", MASSIVE + " AAPL", MASSIVE + " MSFT");
    }

    @Test
    void aCryptoBatchFollowsNextPageTokenAndARefusedPairIsIsolatedIntoItsOwnFeedsDlq() throws Exception {
        crypto.answer(PAIRS,
                FakeAlpaca.page("BTC/USD", "2026-11-24T14:30:00Z", "p2"),
                FakeAlpaca.status(422));   // the second page: refused as a whole, so the halves are asked for
        crypto.answer("ETH/USD", FakeAlpaca.status(422));
        adviseRoutes();
        context.start();
        checkpointed.expectedMessageCount(1);
        checkpointed.expectedHeaderReceived("checkpoint", windowDone(PAIRS));

        template.requestBody("direct:ingest-job", backfill(CRYPTO));

        checkpointed.assertIsSatisfied();
        assertThat(crypto.requests()).extracting(FakeVendor.Request::symbols)
                .containsExactlyInAnyOrder(PAIRS, PAIRS, "BTC/USD", "ETH/USD");
        assertThat(crypto.requests(PAIRS).get(1).query()).contains("page_token=p2");
        DeadLetter row = single(deadLetters(CRYPTO));
        assertThat(row.request().symbols()).containsExactly("ETH/USD");
        assertThat(row.reason()).startsWith("HTTP 422");
        assertThat(deadLetters(MASSIVE)).isEmpty();
    }

    // ---- per feed --------------------------------------------------------------------------------------------

    @Test
    void requestsAreCountedPerFeedAndPerAccount() throws Exception {
        massive.answer("AAPL", page("AAPL", T0, nextUrl("https://api.massive.com", "cursor=c2")), page("AAPL", T0 + 60_000, null));
        List<String> windows = new CopyOnWriteArrayList<>();
        adviseRoutes();
        AdviceWith.adviceWith(context, "ingest-job", r -> r.weaveById("advance-checkpoint").after().process(e ->
                windows.add(window(e).job().feed() + " requests=" + window(e).requests()
                        + " floor=" + window(e).requestFloor())));
        context.start();

        template.requestBody("direct:ingest-job", backfill(MASSIVE));
        template.requestBody("direct:ingest-job", backfill(CRYPTO));

        // Massive: AAPL's two pages and MSFT's one (a request a ticker at the least); crypto: one for both pairs
        assertThat(windows).containsExactly(MASSIVE + " requests=3 floor=2", CRYPTO + " requests=1 floor=1");
        assertThat(quota("massive").getRequests()).isEqualTo(3);
        assertThat(quota("alpaca").getRequests()).isEqualTo(1);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Advises the routes, starts Camel and backfills the Massive feed's window, which must complete (checkpointed). */
    void backfillMassiveWindowToTheCheckpoint() throws Exception {
        adviseRoutes();
        context.start();
        checkpointed.expectedMessageCount(1);
        checkpointed.expectedHeaderReceived("checkpoint", windowDone("AAPL,MSFT"));
        template.requestBody("direct:ingest-job", backfill(MASSIVE));
        checkpointed.assertIsSatisfied();
    }

    AccountQuota quota(String account) {
        return bean(Feed.quotaBeanName(account), AccountQuota.class);
    }

    /** "FEED SYMBOL" of every row of bars, in order: which feed each symbol's bars were filed under. */
    List<String> barsBySource() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT DISTINCT source, symbol FROM bars ORDER BY source, symbol")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return out;
    }
}
