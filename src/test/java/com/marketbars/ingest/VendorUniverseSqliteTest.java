package com.marketbars.ingest;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.model.Provider;
import com.marketbars.ingest.simulator.VendorEndpoint;
import com.marketbars.ingest.support.Checkpoints;
import com.marketbars.ingest.support.IngestFixture;
import com.marketbars.ingest.support.UniverseRows;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The specs of {@link VendorUniverseTest} on a SQLite file, and the refreshes that must leave the universe as it was. */
class VendorUniverseSqliteTest extends VendorUniverseTest {
    VendorUniverseSqliteTest() {
        super(SqlDialect.SQLITE);
    }

    @Test
    void aFailedRefreshAShrunkListAndAnEmptyOneLeaveTheLastGoodUniverse() throws Exception {
        SimulatorSettings sim = new SimulatorSettings();
        sim.equityAssets = 30;
        fixture = IngestFixture.start(dialect, dir, sim, List.of("AAPL"));
        Map<String, String> s = vendorFeed(Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS));
        assertThat(Cli.run(s, "run", "--once").exitCode()).isZero();
        List<String> good = universe();
        assertThat(good).hasSizeGreaterThan(20);

        fixture.sim.settings().set("assetsOutage", "true");
        Cli.Result outage = Cli.run(s, "run", "--once");
        assertThat(outage.exitCode()).as("the catch-up goes on with the last good list: " + outage.stderr()).isZero();
        assertThat(universe()).isEqualTo(good);
        assertThat(lastRefresh()).startsWith("failed|failed: HTTP 503");

        fixture.sim.settings().set("assetsOutage", "false");
        fixture.sim.settings().set("equityAssets", "12");   // more than half of the universe gone at once
        assertThat(Cli.run(s, "run", "--once").exitCode()).isZero();
        assertThat(universe()).isEqualTo(good);
        assertThat(lastRefresh()).startsWith("refused|refused: it would remove");

        fixture.sim.settings().set("equityAssets", "0");
        assertThat(Cli.run(s, "run", "--once").exitCode()).isZero();
        assertThat(universe()).isEqualTo(good);
        assertThat(lastRefresh()).startsWith("refused|refused: the vendor's list holds no symbol");

        // the shrink limit is the operator's: at 0.9 the smaller list is applied
        fixture.sim.settings().set("equityAssets", "12");
        s.put("ingest.universe.max-shrink", "0.9");
        assertThat(Cli.run(s, "run", "--once").exitCode()).isZero();
        assertThat(universe()).hasSizeLessThan(12).isSubsetOf(good);
        assertThat(lastRefresh()).startsWith("applied|");
    }


    @Test
    void aMassiveUniverseFollowsNextUrlThroughItsAccountsQuotaAndTakesOnlyWhatTheFiltersAllow() throws Exception {
        SimulatorSettings sim = new SimulatorSettings();
        sim.equityAssets = 2500;
        sim.massiveQuotaRequests = 10;
        sim.massiveQuotaPeriodMillis = 1000;
        fixture = IngestFixture.start(dialect, dir, sim, List.of("AAPL"));
        Map<String, String> s = fixture.settings();
        s.put("ingest.feeds", "massive");
        s.put("ingest.feed.massive.provider", "massive-stocks");
        s.put("ingest.feed.massive.account.name", "massive");
        s.put("ingest.account.massive.quota", "10/PT1S");
        s.put("ingest.feed.massive.universe", "vendor:stocks");
        s.put("ingest.feed.massive.universe.allow-pattern", "A[A-Z]");
        s.put("ingest.feed.massive.universe.deny", "AB");
        s.put("ingest.start", Provider.MASSIVE_STOCKS.calendar().lastCompleteSessionBefore(Instant.now()).close()
                .minus(Duration.ofHours(1)).toString());

        Cli.Result r = Cli.run(s, "run", "--once");
        assertThat(r.exitCode()).as(r.stderr()).isZero();

        // the spec's own reading goes past our account's quota: it waits out the window the run may have filled (the
        // simulator answers 429 and counts a violation otherwise - a clean-clone run met it once)
        Thread.sleep(sim.massiveQuotaPeriodMillis);
        List<String> expected = massiveActiveTickers().stream().filter(t -> t.matches("A[A-Z]") && !t.equals("AB")).toList();
        assertThat(expected).hasSizeGreaterThan(3);
        assertThat(UniverseRows.symbols(fixture.dbUrl, "massive")).isEqualTo(expected);
        assertThat(fixture.sim.stats().assetListRequests(VendorEndpoint.Account.MASSIVE))
                .as("one request a page of 1000, with what the spec's own reading took").isEqualTo(2L * pagesOf1000);
        assertThat(fixture.sim.stats().asMap().get("quotaViolations")).as("the list's pages went through the account's quota").isEqualTo(0L);
        assertThat(Checkpoints.of(fixture.dbUrl, "massive").keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aCryptoFeedTakesAlpacasActivePairs() throws Exception {
        fixture = IngestFixture.start(dialect, dir, new SimulatorSettings(), List.of("AAPL"));
        fixture.sim.settings().set("delistedAssets", "BTC/USD");
        Map<String, String> s = fixture.settings();
        s.put("ingest.provider", "alpaca-crypto");
        s.put("ingest.universe", "vendor:crypto");
        s.put("ingest.universe.deny", "SHIB/USD");
        s.put("ingest.start", Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES).toString());
        Cli.Result r = Cli.run(s, "run", "--once");
        assertThat(r.exitCode()).as(r.stderr()).isZero();

        List<String> pairs = UniverseRows.symbols(fixture.dbUrl, FEED);
        assertThat(pairs).hasSizeGreaterThan(40).contains("ETH/USD", "BTC/USDT").doesNotContain("BTC/USD", "SHIB/USD")
                .allSatisfy(p -> assertThat(p).matches("[A-Z]+/[A-Z]+"));
        assertThat(Checkpoints.of(fixture.dbUrl, FEED).keySet()).containsExactlyInAnyOrderElementsOf(pairs);
        assertThat(fixture.sim.stats().assetListRequests(VendorEndpoint.Account.ALPACA)).isEqualTo(1);
    }

    private int pagesOf1000;

    /** Massive's active tickers, read page by page as its client would. */
    private List<String> massiveActiveTickers() throws Exception {
        List<String> out = new java.util.ArrayList<>();
        String url = fixture.sim.baseUrl() + "/v3/reference/tickers?market=stocks&active=true&limit=1000";
        pagesOf1000 = 0;
        while (url != null) {
            java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(page.body());
            body.get("results").forEach(t -> out.add(t.get("ticker").asText()));
            url = body.hasNonNull("next_url") ? body.get("next_url").asText() : null;
            pagesOf1000++;
        }
        return out;
    }
}
