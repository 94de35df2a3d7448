package com.marketbars.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.model.Provider;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorEndpoint;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.support.Checkpoints;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import com.marketbars.ingest.support.UniverseRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A feed whose universe is its vendor's list ({@code ingest.universe=vendor:...}) against the simulator's asset lists,
 * caught up by {@code run --once} as cron would (each run refreshes the list first, as the daemon does at start):
 * the vendor's active, tradable tickers are ingested; between two refreshes a symbol delisted keeps its bars and
 * checkpoint and is asked for no more, and one listed is ingested from {@code ingest.start}; a refresh during the list's
 * outage, a shrunk list and an empty one leave the last good universe. The store is the subclass's.
 */
@Timeout(240)
abstract class VendorUniverseTest {
    static final String FEED = "alpaca_bars_1min";
    static final Pattern TICKER = Pattern.compile("[A-Z][A-Z0-9]{0,9}([.-][A-Z0-9]{1,2})?");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    final SqlDialect dialect;
    @TempDir
    Path dir;
    IngestFixture fixture;

    VendorUniverseTest(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aDelistedSymbolKeepsItsHistoryAndIsNotAskedForAndAListedOneStartsAtIngestStart() throws Exception {
        SimulatorSettings sim = new SimulatorSettings();
        sim.equityAssets = 30;
        fixture = IngestFixture.start(dialect, dir, sim, List.of("AAPL"));
        // the last two hours of the last complete session, whatever the day (a weekend or a holiday has no bars)
        Instant start = Provider.ALPACA_STOCKS.calendar().lastCompleteSessionBefore(Instant.now()).close()
                .minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
        Map<String, String> s = vendorFeed(start);

        Cli.Result first = Cli.run(s, "run", "--once");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        List<String> listed = alpacaActiveTradableTickers();
        assertThat(listed).hasSizeBetween(20, 30).contains("AAPL");
        assertThat(universe()).containsExactlyElementsOf(listed);
        Map<String, Instant> before = Checkpoints.of(fixture.dbUrl, FEED);
        assertThat(before.keySet()).containsExactlyInAnyOrderElementsOf(listed);
        long aaplBars = bars("AAPL");
        assertThat(aaplBars).isPositive();

        // AAPL delists, NEWCO lists; a request naming AAPL would now be answered 400 (and leave a DLQ row)
        fixture.sim.settings().set("delistedAssets", "AAPL");
        fixture.sim.settings().set("listedAssets", "NEWCO");
        fixture.sim.settings().set("failingSymbol", "AAPL");
        Cli.Result second = Cli.run(s, "run", "--once");
        assertThat(second.exitCode()).as(second.stderr()).isZero();

        assertThat(universe()).contains("NEWCO").doesNotContain("AAPL").hasSize(listed.size());
        Map<String, Instant> after = Checkpoints.of(fixture.dbUrl, FEED);
        assertThat(after.get("AAPL")).as("the delisted symbol's checkpoint stays").isEqualTo(before.get("AAPL"));
        assertThat(bars("AAPL")).as("and its bars").isEqualTo(aaplBars);
        assertThat(fixture.sim.stats().asMap().get("statuses").toString()).as("no request named AAPL").doesNotContain("400");
        assertThat(count("SELECT COUNT(*) FROM ingest_dlq")).isZero();
        // NEWCO from ingest.start to where the others are
        Instant caughtUp = after.get("MSFT");
        assertThat(after.get("NEWCO")).isEqualTo(caughtUp);
        assertThat(bars("NEWCO")).isEqualTo(GroundTruth.served(fixture.sim.settings().realism(), VendorEndpoint.ALPACA_STOCKS,
                List.of("NEWCO"), Timeframe.ONE_MINUTE, start, caughtUp, 0).get("NEWCO").size());

        Cli.Result status = Cli.run(s, "status");
        assertThat(status.stdout()).contains("universe   vendor:us_equity (" + fixture.sim.baseUrl() + "), " + listed.size() + " symbols")
                .contains("+1 [NEWCO], -1 [AAPL]");
    }

    /** A feed on Alpaca's list of US equities, from {@code start}, every list request through the account's quota. */
    Map<String, String> vendorFeed(Instant start) {
        Map<String, String> s = fixture.settings();
        s.put("ingest.universe", "vendor:us_equity");
        s.put("ingest.start", start.toString());
        return s;
    }

    /** What the simulator lists, read as a client of Alpaca would: active and tradable, and a ticker. */
    List<String> alpacaActiveTradableTickers() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(fixture.sim.baseUrl()
                + "/v2/assets?status=active&asset_class=us_equity")).build(), HttpResponse.BodyHandlers.ofString());
        TreeSet<String> out = new TreeSet<>();
        for (JsonNode a : JSON.readTree(r.body())) {
            if (a.get("tradable").asBoolean() && TICKER.matcher(a.get("symbol").asText()).matches()) {
                out.add(a.get("symbol").asText());
            }
        }
        return new ArrayList<>(out);
    }

    List<String> universe() throws SQLException {
        return UniverseRows.symbols(fixture.dbUrl, FEED);
    }

    /** outcome|detail of the feed's last refresh. */
    String lastRefresh() throws SQLException {
        return UniverseRows.lastRefresh(fixture.dbUrl, FEED);
    }

    long bars(String symbol) throws SQLException {
        return count("SELECT COUNT(*) FROM bars WHERE symbol = '" + symbol + "'");
    }

    long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(fixture.dbUrl);
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
