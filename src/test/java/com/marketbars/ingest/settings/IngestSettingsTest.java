package com.marketbars.ingest.settings;

import com.marketbars.ingest.model.Limit;
import com.marketbars.ingest.model.Quota;
import com.marketbars.ingest.model.WriteMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class IngestSettingsTest {

    /** Every ingest.* key of application.properties, with the operator's defaults. */
    private static Map<String, String> valid() {
        Map<String, String> m = new HashMap<>();
        m.put("ingest.source", "alpaca_bars_1min");
        m.put("ingest.provider", "alpaca-stocks");
        m.put("ingest.timeframe", "1Min");
        m.put("ingest.vendor.url", "embedded");
        m.put("ingest.vendor.feed", "iex");
        m.put("ingest.vendor.page-limit", "10000");
        m.put("ingest.http.connect-timeout", "PT5S");
        m.put("ingest.http.response-timeout", "PT30S");
        m.put("ingest.universe", "AAPL,MSFT,NVDA,AMZN,GOOGL,META,TSLA,AVGO,JPM,V");
        m.put("ingest.batch.symbols", "");
        m.put("ingest.batch.pages", "10");
        m.put("ingest.closed-days", "skip");
        m.put("ingest.start", "sessions:1");
        m.put("ingest.window", "P1D");
        m.put("ingest.settle", "PT2M");
        m.put("ingest.schedule", "0 * * * * ?");
        m.put("ingest.scheduler.enabled", "true");
        m.put("ingest.account.name", "alpaca");
        m.put("ingest.account.quota", "180/PT1M");
        m.put("ingest.concurrency", "4");
        m.put("ingest.fetch-ahead", "4");
        m.put("ingest.retry.max-redeliveries", "5");
        m.put("ingest.retry.initial-delay", "PT1S");
        m.put("ingest.retry.multiplier", "2");
        m.put("ingest.retry.max-delay", "PT1M");
        m.put("ingest.dlq.schedule", "30 * * * * ?");
        m.put("ingest.dlq.retry-initial-delay", "PT1M");
        m.put("ingest.dlq.retry-multiplier", "2");
        m.put("ingest.dlq.retry-max-delay", "PT6H");
        m.put("ingest.dlq.max-retries", "10");
        m.put("ingest.circuit.failure-rate", "50");
        m.put("ingest.circuit.minimum-calls", "10");
        m.put("ingest.circuit.window-calls", "20");
        m.put("ingest.circuit.open-duration", "PT1M");
        m.put("ingest.circuit.half-open-calls", "2");
        m.put("ingest.quality.storm.share", "0.5");
        m.put("ingest.quality.storm.min-bars", "5");
        m.put("ingest.db.url", "jdbc:sqlite:data/market.db");
        m.put("ingest.write-mode", "insert-only");
        m.put("ingest.db.max-outage", "PT10M");
        m.put("ingest.cluster.lease", "PT10S");
        m.put("ingest.backfill.shard-symbols", "1000");
        m.put("ingest.backfill.shard-period", "P5D");
        m.put("ingest.backfill.lease", "PT1M");
        m.put("ingest.backfill.poll", "PT5S");
        return m;
    }

    private static IngestSettings settings(Map<String, String> m) {
        return IngestSettings.from(m::get);
    }

    private static IngestSettings with(String key, String value) {
        Map<String, String> m = valid();
        m.put(key, value);
        return settings(m);
    }

    @Test
    void theOperatorsDefaultsParseIntoTypedValues() {
        IngestSettings s = settings(valid());

        assertThat(s.firstFeed().name()).isEqualTo("alpaca_bars_1min");
        assertThat(s.embeddedVendor()).isTrue();
        assertThat(s.firstFeed().alpacaDataFeed()).isEqualTo("iex");
        assertThat(s.firstFeed().plan().pageLimit()).isEqualTo(10_000);
        assertThat(s.firstFeed().universe()).containsExactly("AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "AVGO", "JPM", "V");
        // unset: the provider's cap on symbols a request, the batches packed to 10 pages, closed windows skipped
        assertThat(s.firstFeed().plan().batchSymbols()).isEqualTo(1000);
        assertThat(s.firstFeed().plan().batchPages()).isEqualTo(10);
        assertThat(s.firstFeed().plan().askClosedDays()).isFalse();
        assertThat(s.firstFeed().plan().calendar()).isInstanceOf(com.marketbars.ingest.calendar.NyseCalendar.class);
        assertThat(s.firstFeed().plan().window()).isEqualTo(Duration.ofDays(1));
        assertThat(s.firstFeed().plan().settle()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.firstFeed().schedule()).isEqualTo("0 * * * * ?");
        assertThat(s.firstFeed().account()).isEqualTo("alpaca");
        assertThat(s.accounts().values().iterator().next()).isEqualTo(new Quota(List.of(new Limit(180, Duration.ofMinutes(1)))));
        assertThat(s.concurrency()).isEqualTo(4);
        assertThat(s.fetchAhead()).isEqualTo(4);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.retryMaxRedeliveries()).isEqualTo(5);
        assertThat(s.retryInitialDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.retryMultiplier()).isEqualTo(2.0);
        assertThat(s.retryMaxDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.dbUrl()).isEqualTo("jdbc:sqlite:data/market.db");
        assertThat(s.firstFeed().writeMode()).isEqualTo(WriteMode.INSERT_ONLY);
        assertThat(s.dbMaxOutage()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.clusterLease()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aFeedLeaseLastsFromThreeSecondsToFiveMinutesAndAnythingElseFailsNamingTheKey() {
        assertThat(with("ingest.cluster.lease", "PT3S").clusterLease()).isEqualTo(Duration.ofSeconds(3));
        assertThat(with("ingest.cluster.lease", "PT5M").clusterLease()).isEqualTo(Duration.ofMinutes(5));
        for (String bad : new String[] {"PT2S", "PT6M", "10s"}) {
            assertThatThrownBy(() -> with("ingest.cluster.lease", bad)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("ingest.cluster.lease");
        }
    }

    @Test
    void aDatabaseOutageMayBeRiddenOutForNoTimeOrUpToAWeek() {
        assertThat(with("ingest.db.max-outage", "PT0S").dbMaxOutage()).isZero();
        assertThat(with("ingest.db.max-outage", "P7D").dbMaxOutage()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void theStormGuardTakesAShareUpToAllOfAPageAndAMinimumCount() {
        assertThat(settings(valid()).quality()).isEqualTo(new QualitySettings(0.5, 5));
        assertThat(with("ingest.quality.storm.share", "1").quality().stormShare()).isEqualTo(1.0);
        assertThat(with("ingest.quality.storm.share", "0.01").quality().stormShare()).isEqualTo(0.01);
        assertThat(with("ingest.quality.storm.min-bars", "1").quality().stormMinBars()).isEqualTo(1);
    }

    @Test
    void upsertIsTheOtherWriteMode() {
        assertThat(with("ingest.write-mode", "upsert").firstFeed().writeMode()).isEqualTo(WriteMode.UPSERT);
    }

    @Test
    void valuesAreTrimmed() {
        assertThat(with("ingest.batch.symbols", " 25 ").firstFeed().plan().batchSymbols()).isEqualTo(25);
        assertThat(with("ingest.window", " PT15M\t").firstFeed().plan().window()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void anHttpVendorUrlIsKeptWithoutItsTrailingSlash() {
        IngestSettings s = with("ingest.vendor.url", "https://data.alpaca.markets/");
        assertThat(s.firstFeed().vendorUrl()).isEqualTo("https://data.alpaca.markets");
        assertThat(s.embeddedVendor()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:sqlite:/var/lib/bars.db", "jdbc:postgresql://db:5432/bars?user=ingest"})
    void sqliteAndPostgresqlUrlsAreAccepted(String url) {
        assertThat(with("ingest.db.url", url).dbUrl()).isEqualTo(url);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "ingest.source                 | Alpaca-Bars",
            "ingest.source                 | 1bars",
            "ingest.vendor.url             | ftp://x",
            "ingest.vendor.url             | http:///no-host",
            "ingest.vendor.url             | not a url",
            "ingest.vendor.feed            | IEX",
            "ingest.vendor.page-limit      | 10001",
            "ingest.vendor.page-limit      | ten",
            "ingest.http.connect-timeout   | PT0S",
            "ingest.http.response-timeout  | 30s",
            "ingest.universe               | AAPL;MSFT",
            "ingest.batch.symbols          | 0",
            "ingest.batch.symbols          | 1.5",
            "ingest.start                  | yesterday",
            "ingest.start                  | 2026-01-02",
            "ingest.window                 | 15m",
            "ingest.window                 | PT30S",
            "ingest.window                 | P32D",
            "ingest.settle                 | -PT1M",
            "ingest.schedule               | every minute",
            "ingest.schedule               | 61 * * * * ?",
            "ingest.account.name           | Alpaca Free",
            "ingest.account.quota          | 0/PT1S",
            "ingest.account.quota          | 200/PT0S",
            "ingest.account.quota          | 200 per minute",
            "ingest.account.quota          | 200/PT1M, 400/PT1M",
            "ingest.account.quota          | 30/PT1S,, 200/PT1M",
            "ingest.concurrency            | 65",
            "ingest.fetch-ahead            | 0",
            "ingest.fetch-ahead            | 101",
            "ingest.fetch-ahead            | all",
            "ingest.retry.max-redeliveries | -1",
            "ingest.retry.initial-delay    | one second",
            "ingest.retry.multiplier       | abc",
            "ingest.retry.multiplier       | 0.5",
            "ingest.retry.multiplier       | NaN",
            "ingest.retry.max-delay        | PT7H",
            "ingest.db.url                 | mysql://x",
            "ingest.db.url                 | jdbc:mysql://db/bars",
            "ingest.write-mode             | update",
            "ingest.write-mode             | UPSERT",
            "ingest.write-mode             | insert_only",
            "ingest.db.max-outage          | 10 minutes",
            "ingest.db.max-outage          | -PT1M",
            "ingest.db.max-outage          | P8D",
            "ingest.backfill.shard-symbols | 0",
            "ingest.backfill.shard-period  | PT30S",
            "ingest.backfill.lease         | PT1S",
            "ingest.backfill.poll          | soon",
            "ingest.quality.storm.share    | 0",
            "ingest.quality.storm.share    | -0.1",
            "ingest.quality.storm.share    | 1.5",
            "ingest.quality.storm.share    | 50%",
            "ingest.quality.storm.share    | NaN",
            "ingest.quality.storm.min-bars | 0",
            "ingest.quality.storm.min-bars | 2.5",
            "ingest.quality.storm.min-bars | 1000001",
    })
    void aBadValueFailsWithAMessageStartingWithItsKey(String key, String bad) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> with(key, bad));
        assertThat(e).as("%s=%s must be refused", key, bad).isNotNull();
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).startsWith(key + ": ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest.source", "ingest.vendor.url", "ingest.vendor.feed", "ingest.vendor.page-limit",
            "ingest.http.connect-timeout", "ingest.http.response-timeout", "ingest.universe", "ingest.batch.pages",
            "ingest.closed-days", "ingest.start", "ingest.window", "ingest.settle", "ingest.schedule", "ingest.account.name",
            "ingest.account.quota", "ingest.concurrency", "ingest.fetch-ahead", "ingest.retry.max-redeliveries", "ingest.retry.initial-delay",
            "ingest.retry.multiplier", "ingest.retry.max-delay", "ingest.db.url", "ingest.write-mode", "ingest.db.max-outage",
            "ingest.backfill.shard-symbols", "ingest.backfill.shard-period", "ingest.backfill.lease", "ingest.backfill.poll",
            "ingest.quality.storm.share", "ingest.quality.storm.min-bars"})
    void aMissingOrBlankKeyFailsNamingIt(String key) {
        Map<String, String> missing = valid();
        missing.remove(key);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> settings(missing));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith(key + ": ").contains("required");

        ConfigException blank = catchThrowableOfType(ConfigException.class, () -> with(key, "   "));
        assertThat(blank).isNotNull();
        assertThat(blank.key()).isEqualTo(key);
    }

    @Test
    void aQuotaIsOneOrMoreLimitsShortestPeriodFirstOrNone() {
        assertThat(with("ingest.account.quota", " 800/P1D,30/PT1S , 200/PT1M").accounts().values().iterator().next().limits()).containsExactly(
                new Limit(30, Duration.ofSeconds(1)), new Limit(200, Duration.ofMinutes(1)), new Limit(800, Duration.ofDays(1)));
        assertThat(with("ingest.account.quota", "none").accounts().values().iterator().next().isNone()).isTrue();
        assertThat(with("ingest.account.quota", "30/PT1S, 200/PT1M").accounts().values().iterator().next()).hasToString("30/PT1S, 200/PT1M");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest.rate.enabled", "ingest.rate.requests", "ingest.rate.period", "ingest.rate.burst"})
    void aKeyOfTheReplacedRateLimiterIsRefusedNamingItsReplacement(String old) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> with(old, "10"));
        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo(old);
        assertThat(e.getMessage()).contains("ingest.account.quota");
    }

    @Test
    void theBoundariesOfTheRangesAreAccepted() {
        assertThatCode(() -> with("ingest.batch.symbols", "1")).doesNotThrowAnyException();
        assertThatCode(() -> with("ingest.batch.symbols", "1000")).doesNotThrowAnyException();
        assertThatCode(() -> with("ingest.window", "PT1M")).doesNotThrowAnyException();
        assertThatCode(() -> with("ingest.window", "P31D")).doesNotThrowAnyException();
        assertThatCode(() -> with("ingest.retry.multiplier", "1")).doesNotThrowAnyException();
        assertThatCode(() -> with("ingest.retry.max-redeliveries", "0")).doesNotThrowAnyException();
        assertThatCode(() -> with("ingest.schedule", "0 0/5 * * * ? *")).doesNotThrowAnyException();
    }

    @Test
    void aDurationStartIsThatFarBackFromTheClockTruncatedToTheMinute() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T14:30:45.123Z"), ZoneOffset.UTC);
        assertThat(with("ingest.start", "P1D").firstFeed().startInstant(clock)).isEqualTo(Instant.parse("2026-11-23T14:30:00Z"));
        assertThat(with("ingest.start", "PT90M").firstFeed().startInstant(clock)).isEqualTo(Instant.parse("2026-11-24T13:00:00Z"));
        assertThat(with("ingest.start", "-P1D").firstFeed().startInstant(clock)).isEqualTo(Instant.parse("2026-11-23T14:30:00Z"));
    }

    @Test
    void aSessionsStartBeginsAtThePreMarketOfTheFeedsLastCompleteSessionsOnAnyDay() {
        // Sunday 2026-11-29, Thanksgiving 2026-11-26 and a Monday before the open: each finds the last session that closed
        String[][] nowAndStart = {
            {"2026-11-29T15:00:00Z", "sessions:1", "2026-11-27T09:00:00Z"},   // Sunday: Friday's (early close), from 04:00 New York
            {"2026-11-26T17:00:00Z", "sessions:1", "2026-11-25T09:00:00Z"},   // Thanksgiving: Wednesday's
            {"2026-11-30T13:00:00Z", "sessions:1", "2026-11-27T09:00:00Z"},   // Monday 08:00 New York, before the open
            {"2026-11-30T21:05:00Z", "sessions:1", "2026-11-30T09:00:00Z"},   // Monday after the close: Monday's own
            {"2026-11-29T15:00:00Z", "sessions:3", "2026-11-24T09:00:00Z"},   // Fri 27, Wed 25, Tue 24 (Thu 26 closed)
            {"2026-07-06T12:00:00Z", "sessions:1", "2026-07-02T08:00:00Z"},   // summer (EDT); Friday 3 July observed for the 4th
        };
        for (String[] c : nowAndStart) {
            Clock clock = Clock.fixed(Instant.parse(c[0]), ZoneOffset.UTC);
            assertThat(with("ingest.start", c[1]).firstFeed().startInstant(clock)).as("%s at %s", c[1], c[0]).isEqualTo(Instant.parse(c[2]));
        }
        Clock sunday = Clock.fixed(Instant.parse("2026-11-29T15:00:00Z"), ZoneOffset.UTC);
        Map<String, String> crypto = valid();
        crypto.put("ingest.provider", "alpaca-crypto");
        crypto.put("ingest.universe", "BTC/USD");
        assertThat(settings(crypto).firstFeed().startInstant(sunday)).as("crypto: the last whole UTC day")
                .isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
        assertThatThrownBy(() -> with("ingest.start", "sessions:0")).hasMessageContaining("ingest.start").hasMessageContaining("sessions:N");
        assertThatThrownBy(() -> with("ingest.start", "sessions:x")).hasMessageContaining("ingest.start");
    }

    @Test
    void anInstantStartIsUsedAsIs() {
        Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        IngestSettings s = with("ingest.start", "2026-01-02T14:30:00Z");
        assertThat(s.firstFeed().start()).isEqualTo("2026-01-02T14:30:00Z");
        assertThat(s.firstFeed().startInstant(clock)).isEqualTo(Instant.parse("2026-01-02T14:30:00Z"));
    }

    @Test
    void derivedPropertiesGiveTheDurationsInMilliseconds() {
        Map<String, String> m = valid();
        m.put("ingest.http.connect-timeout", "PT5S");
        m.put("ingest.http.response-timeout", "PT30S");
        m.put("ingest.retry.initial-delay", "PT0.25S");
        m.put("ingest.retry.max-delay", "PT2M");

        assertThat(settings(m).derivedProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ingest.http.connect-timeout.millis", "5000",
                "ingest.http.response-timeout.millis", "30000",
                "ingest.retry.initial-delay.millis", "250",
                "ingest.retry.max-delay.millis", "120000",
                "ingest.backfill.poll.millis", "5000"));
    }

    @Test
    void theUniverseGoesThroughSymbolValidation() {
        assertThat(with("ingest.universe", "BRK.B, BF-B").firstFeed().universe()).isEqualTo(List.of("BRK.B", "BF-B"));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> with("ingest.universe", "AAPL,A;DROP TABLE bars"));
        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo("ingest.universe");
    }

    // ---- feeds ---------------------------------------------------------------------------------------------------

    private static Map<String, String> threeFeeds() {
        Map<String, String> m = valid();
        m.put("ingest.feeds", "stocks_1min, crypto_1min,massive_1min");
        m.put("ingest.feed.crypto_1min.provider", "alpaca-crypto");
        m.put("ingest.feed.crypto_1min.universe", "BTC/USD,ETH/USD");
        m.put("ingest.feed.crypto_1min.schedule", "15 * * * * ?");
        m.put("ingest.feed.massive_1min.provider", "massive-stocks");
        m.put("ingest.feed.massive_1min.account.name", "massive");
        m.put("ingest.feed.massive_1min.write-mode", "upsert");
        m.put("ingest.account.massive.quota", "5/PT1M");
        return m;
    }

    @Test
    void withoutFeedsListedTheDeploymentHasOneFeedNamedByIngestSource() {
        IngestSettings s = settings(valid());

        assertThat(s.feedNames()).containsExactly("alpaca_bars_1min");
        assertThat(s.firstFeed().provider()).isEqualTo(com.marketbars.ingest.model.Provider.ALPACA_STOCKS);
        assertThat(s.accounts()).containsOnlyKeys("alpaca");
    }

    @Test
    void aFeedsSettingIsItsOwnKeyElseItsProvidersDefaultElseTheDeploymentsKey() {
        IngestSettings s = settings(threeFeeds());

        assertThat(s.feedNames()).containsExactly("stocks_1min", "crypto_1min", "massive_1min");
        FeedSettings stocks = s.feed("stocks_1min");
        FeedSettings crypto = s.feed("crypto_1min");
        FeedSettings massive = s.feed("massive_1min");
        assertThat(stocks.universe()).hasSize(10);
        assertThat(stocks.schedule()).isEqualTo("0 * * * * ?");
        assertThat(crypto.universe()).containsExactly("BTC/USD", "ETH/USD");
        assertThat(crypto.schedule()).isEqualTo("15 * * * * ?");
        assertThat(crypto.plan().batchSymbols()).isEqualTo(500);   // alpaca-crypto's cap: pairs are longer in a URL
        assertThat(crypto.plan().calendar()).isInstanceOf(com.marketbars.ingest.calendar.AlwaysOpenCalendar.class);
        // one symbol a request and the largest page: Massive's own defaults, over ingest.batch.symbols and page-limit
        assertThat(massive.plan().batchSymbols()).isEqualTo(1);
        assertThat(massive.plan().pageLimit()).isEqualTo(50_000);
        assertThat(massive.writeMode()).isEqualTo(WriteMode.UPSERT);
        assertThat(massive.account()).isEqualTo("massive");
        assertThat(s.accounts()).containsOnlyKeys("alpaca", "massive");
        assertThat(s.accounts().get("massive")).hasToString("5/PT1M");
    }

    @Test
    void aStockDayFeedSettlesSixHoursUnlessItSetsItsOwnAndCryptoDayBarsKeepTheDeploymentsSettle() {
        Map<String, String> m = threeFeeds();
        m.put("ingest.settle", "PT2M");
        m.put("ingest.feed.stocks_1min.timeframe", "1Day");
        m.put("ingest.feed.massive_1min.timeframe", "1Day");
        m.put("ingest.feed.crypto_1min.timeframe", "1Day");
        m.put("ingest.feed.massive_1min.settle", "PT8H");
        IngestSettings s = settings(m);

        // a session ends at 20:00 New York, 00:00 or 01:00 UTC of the next UTC day: its day bar is not asked for sooner
        assertThat(s.feed("stocks_1min").plan().settle()).isEqualTo(Duration.ofHours(6));
        assertThat(s.feed("massive_1min").plan().settle()).as("the feed's own key").isEqualTo(Duration.ofHours(8));
        assertThat(s.feed("crypto_1min").plan().settle()).as("24/7: a UTC day is over at midnight").isEqualTo(Duration.ofMinutes(2));
        assertThat(settings(threeFeeds()).feed("stocks_1min").plan().settle()).as("minute bars").isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aBadFeedSettingIsRefusedNamingTheKeyTheOperatorWrote() {
        Map<String, String> m = threeFeeds();
        m.put("ingest.feed.crypto_1min.universe", "BTC-USD");
        assertThat(catchThrowableOfType(ConfigException.class, () -> settings(m)).key()).isEqualTo("ingest.feed.crypto_1min.universe");

        Map<String, String> tickers = threeFeeds();
        tickers.put("ingest.feed.crypto_1min.universe", "../x");
        assertThat(catchThrowableOfType(ConfigException.class, () -> settings(tickers)).key()).isEqualTo("ingest.feed.crypto_1min.universe");

        Map<String, String> batch = threeFeeds();
        batch.put("ingest.feed.massive_1min.batch.symbols", "2");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> settings(batch));
        assertThat(e.key()).isEqualTo("ingest.feed.massive_1min.batch.symbols");
        assertThat(e.getMessage()).contains("out of range [1, 1]");

        Map<String, String> provider = threeFeeds();
        provider.put("ingest.feed.crypto_1min.provider", "binance");
        assertThat(catchThrowableOfType(ConfigException.class, () -> settings(provider)).getMessage())
                .startsWith("ingest.feed.crypto_1min.provider").contains("alpaca-stocks, alpaca-crypto, massive-stocks");
    }

    @Test
    void anAccountOtherThanTheDefaultNeedsItsOwnQuota() {
        Map<String, String> m = threeFeeds();
        m.remove("ingest.account.massive.quota");

        assertThat(catchThrowableOfType(ConfigException.class, () -> settings(m)).key()).isEqualTo("ingest.account.massive.quota");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stocks,stocks", "Stocks", "a b", "stocks,,crypto", "../x"})
    void feedNamesAreLowerCaseWordsListedOnce(String feeds) {
        Map<String, String> m = valid();
        m.put("ingest.feeds", feeds);
        assertThat(catchThrowableOfType(ConfigException.class, () -> settings(m)).key()).isEqualTo("ingest.feeds");
    }

    @Test
    void aTimeframeScalesWindowsAndStart() {
        Map<String, String> m = valid();
        m.put("ingest.timeframe", "1Hour");
        m.put("ingest.window", "PT30M");
        assertThat(catchThrowableOfType(ConfigException.class, () -> settings(m)).key()).isEqualTo("ingest.window");

        m.put("ingest.window", "P7D");
        m.put("ingest.start", "2026-01-02T14:30:00Z");
        assertThat(catchThrowableOfType(ConfigException.class, () -> settings(m)).key()).isEqualTo("ingest.start");

        m.put("ingest.start", "2026-01-02T14:00:00Z");
        IngestSettings s = settings(m);
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T14:30:45Z"), ZoneOffset.UTC);
        assertThat(s.firstFeed().plan().timeframe()).isEqualTo(com.marketbars.ingest.model.Timeframe.ONE_HOUR);
        m.put("ingest.start", "P1D");
        assertThat(settings(m).firstFeed().startInstant(clock)).isEqualTo(Instant.parse("2026-11-23T14:00:00Z"));
    }

    @Test
    void aCommandChoosesTheNamedFeedOrTheOnlyOne() {
        assertThat(settings(valid()).chosenFeed(null).name()).isEqualTo("alpaca_bars_1min");
        IngestSettings three = settings(threeFeeds());
        assertThat(three.chosenFeed("crypto_1min").name()).isEqualTo("crypto_1min");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> three.chosenFeed(null)).getMessage())
                .contains("3 feeds", "--feed");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> three.chosenFeed("nope")).getMessage())
                .contains("no feed 'nope'");
    }
}
