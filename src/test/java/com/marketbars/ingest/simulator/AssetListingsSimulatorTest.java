package com.marketbars.ingest.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's asset lists, shaped as the vendors' official clients type them: Alpaca's {@code GET /v2/assets} (one
 * array, {@code status} and {@code asset_class} honoured, inactive and non-tradable assets among the active ones'
 * neighbours), Massive's {@code GET /v3/reference/tickers} (pages of up to 1000 by {@code next_url}), both under their
 * account's quota, with the knobs a test lists, delists and breaks them by.
 */
class AssetListingsSimulatorTest extends SimulatorSpec {

    @Test
    void alpacaListsEveryAssetOfAClassInOneArrayAndHonoursStatus() throws Exception {
        sim.settings().set("equityAssets", "400");
        List<JsonNode> all = list(client.get("/v2/assets?asset_class=us_equity"));
        List<JsonNode> active = list(client.get("/v2/assets?status=active&asset_class=us_equity"));
        assertThat(all).hasSize(400);
        assertThat(active).hasSizeBetween(380, 395).allSatisfy(a -> assertThat(a.get("status").asText()).isEqualTo("active"));
        assertThat(active).anySatisfy(a -> assertThat(a.get("tradable").asBoolean()).isFalse());
        assertThat(active).anySatisfy(a -> assertThat(a.get("symbol").asText()).endsWith(".PRA"));
        assertThat(active).anySatisfy(a -> assertThat(a.get("symbol").asText()).endsWith(".B"));
        assertThat(active.stream().map(a -> a.get("exchange").asText()).distinct())
                .contains("NASDAQ", "NYSE", "ARCA", "AMEX", "BATS", "OTC");
        assertThat(active.get(0).fieldNames()).toIterable()
                .contains("id", "class", "exchange", "symbol", "name", "status", "tradable", "marginable", "shortable", "fractionable");

        List<JsonNode> crypto = list(client.get("/v2/assets?status=active&asset_class=crypto"));
        assertThat(crypto).isNotEmpty().allSatisfy(a -> {
            assertThat(a.get("class").asText()).isEqualTo("crypto");
            assertThat(a.get("symbol").asText()).matches("[A-Z]+/[A-Z]+");
        });
        assertThat(client.get("/v2/assets?asset_class=bonds").statusCode()).isEqualTo(422);
        assertThat(sim.stats().assetListRequests(VendorEndpoint.Account.ALPACA)).isEqualTo(4);
    }

    @Test
    void massivePagesElevenThousandTickersByNextUrlInPagesOfUpTo1000() throws Exception {
        sim.settings().set("equityAssets", "11000");
        List<String> tickers = new ArrayList<>();
        String url = sim.baseUrl() + "/v3/reference/tickers?market=stocks&active=true&limit=1000";
        int pages = 0;
        while (url != null) {
            JsonNode page = SimulatorClient.json(client.getUrl(url));
            assertThat(page.get("status").asText()).isEqualTo("OK");
            assertThat(page.get("results").size()).isLessThanOrEqualTo(1000).isEqualTo(page.get("count").asInt());
            page.get("results").forEach(t -> {
                assertThat(t.get("active").asBoolean()).isTrue();
                assertThat(t.get("market").asText()).isEqualTo("stocks");
                tickers.add(t.get("ticker").asText());
            });
            url = page.hasNonNull("next_url") ? page.get("next_url").asText() : null;
            assertThat(url).satisfiesAnyOf(u -> assertThat(u).isNull(), u -> assertThat(u).startsWith(sim.baseUrl() + "/v3/reference/tickers?cursor="));
            pages++;
        }
        // OTC names are another market at Massive; about one in forty is inactive
        assertThat(tickers).hasSizeBetween(9_300, 10_000).isSorted().doesNotHaveDuplicates();
        assertThat(pages).isEqualTo((tickers.size() + 999) / 1000);
        assertThat(tickers).anySatisfy(t -> assertThat(t).matches("[A-Z]+pA"));
        // the default page is 100; more than 1000 is refused
        assertThat(SimulatorClient.json(client.get("/v3/reference/tickers?market=stocks&active=true")).get("results").size()).isEqualTo(100);
        assertThat(client.get("/v3/reference/tickers?limit=1001").statusCode()).isEqualTo(400);
        assertThat(sim.stats().assetListRequests(VendorEndpoint.Account.MASSIVE)).isEqualTo(pages + 2);
    }

    @Test
    void knobsListDelistAndTakeTheListsDownAndTheAccountsQuotaApplies() throws Exception {
        sim.settings().set("equityAssets", "50");
        Set<String> before = symbols(list(client.get("/v2/assets?status=active&asset_class=us_equity")));
        assertThat(before).contains("AAPL");
        sim.settings().set("delistedAssets", "AAPL,BTC/USD");
        sim.settings().set("listedAssets", "NEWCO");
        Set<String> after = symbols(list(client.get("/v2/assets?status=active&asset_class=us_equity")));
        Set<String> expected = new HashSet<>(before);
        expected.remove("AAPL");
        expected.add("NEWCO");
        assertThat(after).isEqualTo(expected);
        assertThat(symbols(list(client.get("/v2/assets?status=active&asset_class=crypto")))).doesNotContain("BTC/USD").contains("ETH/USD");

        sim.settings().set("assetsOutage", "true");
        assertThat(client.get("/v2/assets?status=active&asset_class=us_equity").statusCode()).isEqualTo(503);
        assertThat(client.get("/v3/reference/tickers?market=stocks").statusCode()).isEqualTo(503);
        sim.settings().set("assetsOutage", "false");
    }

    @Test
    void aListRequestSpendsItsAccountsQuota() throws Exception {
        sim.settings().set("quotaRequests", "1");
        sim.settings().set("massiveQuotaRequests", "1");
        assertThat(client.get("/v2/assets?status=active&asset_class=us_equity").statusCode()).isEqualTo(200);
        assertThat(client.get("/v2/stocks/bars?symbols=AAPL&timeframe=1Min").statusCode()).as("Alpaca's one quota").isEqualTo(429);
        assertThat(client.get("/v3/reference/tickers?market=stocks").statusCode()).isEqualTo(200);
        assertThat(client.get("/v3/reference/tickers?market=stocks").statusCode()).as("Massive's").isEqualTo(429);
    }

    private static List<JsonNode> list(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        SimulatorClient.json(r).forEach(out::add);
        return out;
    }

    private static Set<String> symbols(List<JsonNode> assets) {
        Set<String> out = new HashSet<>();
        assets.forEach(a -> out.add(a.get("symbol").asText()));
        return out;
    }
}
