package com.marketbars.ingest;

import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorEndpoint;
import com.marketbars.ingest.simulator.VendorSimulator;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three feeds in one deployment and one database against the simulator, each from its own protocol: Alpaca stocks
 * 1Min, Alpaca crypto 1Min (24/7 pairs) and Massive stocks 1Min (one ticker a request, its own account and quota). The
 * same tickers are in the stocks and Massive feeds, whose vendors serve different values for them: a bar written under
 * the wrong feed would show.
 */
@Timeout(300)
class MultiFeedEndToEndTest {
    static final Instant FROM = Instant.parse("2026-11-23T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-24T00:00:00Z");
    static final List<String> STOCKS = GroundTruth.symbols(6);
    static final List<String> PAIRS = GroundTruth.cryptoPairs(4);
    static final List<String> MASSIVE = GroundTruth.symbols(3);

    @TempDir
    Path dir;
    IngestFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Map<String, String> threeFeeds() {
        Map<String, String> s = fixture.settings();
        s.put("ingest.feeds", "stocks_1min,crypto_1min,massive_1min");
        s.put("ingest.feed.crypto_1min.provider", "alpaca-crypto");
        s.put("ingest.feed.crypto_1min.universe", String.join(",", PAIRS));
        s.put("ingest.feed.massive_1min.provider", "massive-stocks");
        s.put("ingest.feed.massive_1min.universe", String.join(",", MASSIVE));
        s.put("ingest.feed.massive_1min.account.name", "massive");
        // both accounts as strict as the simulator's: every request of a feed of the account counts against it
        s.put("ingest.account.quota", "10/PT1S");
        s.put("ingest.account.massive.quota", "5/PT2S");
        s.put("ingest.retry.initial-delay", "PT0.05S");
        s.put("ingest.retry.max-delay", "PT0.2S");
        s.put("ingest.retry.max-redeliveries", "20");
        return s;
    }

    private static SimulatorSettings strictVendors() {
        SimulatorSettings s = new SimulatorSettings();
        s.quotaRequests = 10;
        s.quotaPeriodMillis = 1_000;
        s.massiveQuotaRequests = 5;
        s.massiveQuotaPeriodMillis = 2_000;
        return s;
    }

    private void backfillEveryFeed(Map<String, String> settings) {
        for (String feed : List.of("stocks_1min", "crypto_1min", "massive_1min")) {
            Cli.Result r = Cli.run(settings, "backfill", "--feed", feed, "--from", FROM.toString(), "--to", TO.toString(), "--quiet");
            assertThat(r.exitCode()).as("backfill of %s: %s", feed, r.stderr()).isZero();
        }
    }

    @Test
    void threeFeedsOfThreeProtocolsAreEachExactInTheirOwnRowsUnderFaultsWithinEachAccountsQuota() throws Exception {
        SimulatorSettings vendors = strictVendors();
        vendors.errorRate = 0.15;
        vendors.truncateRate = 0.1;
        vendors.malformedRate = 0.002;
        vendors.seed = 7;
        fixture = IngestFixture.start(dir, vendors, STOCKS);

        backfillEveryFeed(threeFeeds());

        GroundTruth.assertFeedExactly(fixture.dbUrl, "stocks_1min", intact(VendorEndpoint.ALPACA_STOCKS, STOCKS, vendors));
        GroundTruth.assertFeedExactly(fixture.dbUrl, "crypto_1min", intact(VendorEndpoint.ALPACA_CRYPTO, PAIRS, vendors));
        GroundTruth.assertFeedExactly(fixture.dbUrl, "massive_1min", intact(VendorEndpoint.MASSIVE_STOCKS, MASSIVE, vendors));
        // the bars the vendors corrupted are quarantined under their own feed, with a reason
        for (var feed : Map.of("stocks_1min", corrupt(VendorEndpoint.ALPACA_STOCKS, STOCKS, vendors),
                "crypto_1min", corrupt(VendorEndpoint.ALPACA_CRYPTO, PAIRS, vendors),
                "massive_1min", corrupt(VendorEndpoint.MASSIVE_STOCKS, MASSIVE, vendors)).entrySet()) {
            assertThat(count("SELECT COUNT(*) FROM data_quality WHERE source = ?", feed.getKey())).as("quarantined of %s", feed.getKey())
                    .isEqualTo(feed.getValue());
        }
        assertThat(count("SELECT COUNT(*) FROM ingest_dlq", null)).as("DLQ rows").isZero();
        VendorSimulator sim = fixture.sim;
        long floor = pages(VendorEndpoint.ALPACA_STOCKS, STOCKS, 10_000) + pages(VendorEndpoint.ALPACA_CRYPTO, PAIRS, 10_000) + MASSIVE.size();
        long sent = 0;
        for (VendorEndpoint e : VendorEndpoint.values()) {
            sent += sim.stats().requests(e);
        }
        assertThat(sent).as("the faults were met: failed answers were asked again").isGreaterThan(floor);
        assertThat(corrupt(VendorEndpoint.ALPACA_STOCKS, STOCKS, vendors) + corrupt(VendorEndpoint.ALPACA_CRYPTO, PAIRS, vendors)
                + corrupt(VendorEndpoint.MASSIVE_STOCKS, MASSIVE, vendors)).as("corrupted bars served").isPositive();
        for (VendorEndpoint e : VendorEndpoint.values()) {
            assertThat(sim.stats().quotaViolations(e)).as("429s for exceeding the quota at %s", e).isZero();
        }
    }

    @Test
    void withoutFaultsEachFeedsRequestsAreAtItsFloor() throws Exception {
        SimulatorSettings vendors = strictVendors();
        fixture = IngestFixture.start(dir, vendors, STOCKS);

        backfillEveryFeed(threeFeeds());

        VendorSimulator sim = fixture.sim;
        // Alpaca: one batch a feed, all its symbols' bars on as few 10,000-bar pages as they fill
        assertThat(sim.stats().requests(VendorEndpoint.ALPACA_STOCKS)).isEqualTo(pages(VendorEndpoint.ALPACA_STOCKS, STOCKS, 10_000));
        assertThat(sim.stats().requests(VendorEndpoint.ALPACA_CRYPTO)).isEqualTo(pages(VendorEndpoint.ALPACA_CRYPTO, PAIRS, 10_000));
        // Massive: one ticker a request, 50,000 bars a page: one request a ticker for a day
        assertThat(sim.stats().requests(VendorEndpoint.MASSIVE_STOCKS)).isEqualTo(MASSIVE.size());
        GroundTruth.assertFeedExactly(fixture.dbUrl, "massive_1min",
                GroundTruth.served(VendorEndpoint.MASSIVE_STOCKS, MASSIVE, Timeframe.ONE_MINUTE, FROM, TO, 0));
    }

    private static long pages(VendorEndpoint endpoint, List<String> symbols, int pageLimit) {
        long bars = GroundTruth.served(endpoint, symbols, Timeframe.ONE_MINUTE, FROM, TO, 0).values().stream().mapToLong(List::size).sum();
        return Math.max(1, (bars + pageLimit - 1) / pageLimit);
    }

    private static Map<String, List<Bar>> intact(VendorEndpoint endpoint, List<String> symbols, SimulatorSettings s) {
        return GroundTruth.served(endpoint, symbols, Timeframe.ONE_MINUTE, FROM, TO, 0, s.seed, s.malformedRate, true);
    }

    private static long corrupt(VendorEndpoint endpoint, List<String> symbols, SimulatorSettings s) {
        return GroundTruth.served(endpoint, symbols, Timeframe.ONE_MINUTE, FROM, TO, 0, s.seed, s.malformedRate, false)
                .values().stream().mapToLong(List::size).sum();
    }

    private long count(String sql, String param) throws Exception {
        try (Connection c = DriverManager.getConnection(fixture.dbUrl); PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
