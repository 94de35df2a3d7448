package com.marketbars.ingest.settings;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ingest.universe=vendor:...} and its filters as the operator writes them, on top of application.properties'
 * defaults: read into the feed's settings, and every bad value refused at start naming the key that gives it (the
 * feed's own, or the deployment's).
 */
class VendorUniverseSettingsTest {

    @Test
    void aVendorUniverseIsReadWithItsFiltersAndItsListingUrl() throws IOException {
        Map<String, String> p = defaults();
        p.put("ingest.universe", "vendor:us_equity");
        p.put("ingest.universe.exchanges", "nasdaq, NYSE");
        p.put("ingest.universe.deny", "GME,AMC");
        p.put("ingest.universe.allow-pattern", "[A-Z]{1,4}");
        p.put("ingest.vendor.url", "https://data.alpaca.markets");
        FeedSettings f = IngestSettings.from(p::get).firstFeed();

        assertThat(f.universeFromVendor()).isTrue();
        assertThat(f.universe()).as("no configured symbols").isEmpty();
        VendorUniverse u = f.vendorUniverse();
        assertThat(u.label()).isEqualTo("vendor:us_equity");
        assertThat(u.exchanges()).containsExactlyInAnyOrder("NASDAQ", "NYSE");
        assertThat(u.deny()).containsExactlyInAnyOrder("GME", "AMC");
        assertThat(u.allow().pattern()).isEqualTo("[A-Z]{1,4}");
        assertThat(u.tradableOnly()).isTrue();
        assertThat(u.maxShrink()).isEqualTo(0.5);
        assertThat(u.refresh()).isEqualTo("0 0 11 * * ?");
        assertThat(u.url()).as("the asset list is on the trading API, not the data host").isEqualTo("https://paper-api.alpaca.markets");

        p.put("ingest.universe.url", "https://api.alpaca.markets/");
        assertThat(IngestSettings.from(p::get).firstFeed().vendorUniverse().url()).isEqualTo("https://api.alpaca.markets");
    }

    @Test
    void aMassiveFeedListsItsOwnHostsTickersAndAConfiguredUniverseStaysAsItWas() throws IOException {
        Map<String, String> p = defaults();
        p.put("ingest.feeds", "stocks,massive");
        p.put("ingest.feed.massive.provider", "massive-stocks");
        p.put("ingest.feed.massive.vendor.url", "https://api.massive.com");
        p.put("ingest.feed.massive.universe", "vendor:stocks");
        p.put("ingest.feed.massive.universe.tradable-only", "false");
        IngestSettings s = IngestSettings.from(p::get);

        FeedSettings massive = s.feeds().get(1);
        assertThat(massive.vendorUniverse().url()).isEqualTo("https://api.massive.com");
        assertThat(massive.vendorUniverse().tradableOnly()).isFalse();
        assertThat(s.feeds().get(0).universeFromVendor()).isFalse();
        assertThat(s.feeds().get(0).universe()).contains("AAPL", "MSFT");
    }

    @Test
    void everyBadValueIsRefusedNamingItsKey() throws IOException {
        refused(Map.of("ingest.universe", "vendor:crypto"), "ingest.universe", "expected vendor:us_equity");
        refused(Map.of("ingest.universe", "vendor:"), "ingest.universe", "expected vendor:us_equity");
        refused(Map.of("ingest.universe", "vendor:us_equity", "ingest.universe.exchanges", "NAS DAQ"), "ingest.universe.exchanges", "exchange code");
        refused(Map.of("ingest.universe", "vendor:us_equity", "ingest.universe.deny", "AAPL,A;DROP"), "ingest.universe.deny", "ticker");
        refused(Map.of("ingest.universe", "vendor:us_equity", "ingest.universe.allow-pattern", "[A-Z"), "ingest.universe.allow-pattern", "regular expression");
        refused(Map.of("ingest.universe", "vendor:us_equity", "ingest.universe.max-shrink", "0"), "ingest.universe.max-shrink", "(0, 1]");
        refused(Map.of("ingest.universe", "vendor:us_equity", "ingest.universe.max-shrink", "1.5"), "ingest.universe.max-shrink", "(0, 1]");
        refused(Map.of("ingest.universe", "vendor:us_equity", "ingest.universe.max-shrink", "half"), "ingest.universe.max-shrink", "(0, 1]");
        refused(Map.of("ingest.universe", "vendor:us_equity", "ingest.universe.tradable-only", "yes"), "ingest.universe.tradable-only", "true or false");
        refused(Map.of("ingest.universe", "vendor:us_equity", "ingest.universe.refresh", "daily"), "ingest.universe.refresh", "cron");
        refused(Map.of("ingest.universe", "vendor:us_equity", "ingest.universe.url", "ftp://example.com"), "ingest.universe.url", "http(s)");
        // a listed feed's own key is the one named
        refused(Map.of("ingest.feeds", "crypto", "ingest.feed.crypto.provider", "alpaca-crypto",
                "ingest.feed.crypto.universe", "vendor:crypto", "ingest.feed.crypto.universe.deny", "BTC-USD"),
                "ingest.feed.crypto.universe.deny", "crypto pair");
        refused(Map.of("ingest.feeds", "massive", "ingest.feed.massive.provider", "massive-stocks",
                "ingest.feed.massive.universe", "vendor:us_equity"), "ingest.feed.massive.universe", "expected vendor:stocks");
    }

    private static void refused(Map<String, String> settings, String key, String words) throws IOException {
        Map<String, String> p = defaults();
        p.putAll(settings);
        assertThatThrownBy(() -> IngestSettings.from(p::get)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ":").hasMessageContaining(words);
    }

    /** application.properties as shipped. */
    private static Map<String, String> defaults() throws IOException {
        Properties defaults = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
            defaults.load(in);
        }
        Map<String, String> m = new HashMap<>();
        defaults.stringPropertyNames().forEach(k -> m.put(k, defaults.getProperty(k)));
        return m;
    }
}
