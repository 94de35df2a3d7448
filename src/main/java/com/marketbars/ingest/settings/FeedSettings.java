package com.marketbars.ingest.settings;

import com.marketbars.ingest.model.FeedPlan;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.model.Provider;
import com.marketbars.ingest.model.WriteMode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One feed of a deployment: a provider endpoint, the account whose key and quota its requests use, a timeframe, a
 * universe, a schedule, a write mode and where it starts. Its checkpoints, DLQ rows, quarantined bars and bars are kept
 * under its name.
 * <p>
 * A feed's setting {@code X} is {@code ingest.feed.NAME.X} when set, else its provider's own default (Massive: one
 * symbol a batch, 50,000 bars a page), else the deployment-wide {@code ingest.X}. A deployment that lists no
 * {@code ingest.feeds} has one feed, named by {@code ingest.source}, made of the {@code ingest.X} keys alone.
 */
public record FeedSettings(
        String name,
        Provider provider,
        String account,
        String vendorUrl,
        String alpacaDataFeed,
        List<String> universe,
        FeedPlan plan,
        String start,
        String schedule,
        WriteMode writeMode,
        VendorUniverse vendorUniverse) {

    /** A feed whose universe is its configured symbols. */
    public FeedSettings(String name, Provider provider, String account, String vendorUrl, String alpacaDataFeed, List<String> universe,
                        FeedPlan plan, String start, String schedule, WriteMode writeMode) {
        this(name, provider, account, vendorUrl, alpacaDataFeed, universe, plan, start, schedule, writeMode, null);
    }

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    static FeedSettings from(String name, Function<String, String> props, boolean listed) {
        Provider provider = new Lookup(name, props, listed, null, null).parse("provider", Provider::parse);
        Timeframe timeframe = new Lookup(name, props, listed, provider, null).parse("timeframe", Timeframe::parse);
        Lookup keys = new Lookup(name, props, listed, provider, timeframe);
        Duration window = keys.duration("window", Duration.ofMinutes(1), Duration.ofDays(31));
        Duration settle = keys.duration("settle", Duration.ZERO, Duration.ofDays(1));
        // a cap: unset, the provider's own (its request's URL stays under about 8 KB)
        int batchSymbols = keys.isSet("batch.symbols") ? keys.intIn("batch.symbols", 1, provider.maxBatchSymbols(timeframe))
                : provider.maxBatchSymbols(timeframe);
        int pageLimit = keys.intIn("vendor.page-limit", 1, provider.maxPageLimit());
        int batchPages = keys.intIn("batch.pages", 1, 1_000);
        boolean askClosedDays = keys.parse("closed-days", FeedSettings::asksClosedDays);
        if (window.toMillis() % timeframe.duration().toMillis() != 0) {
            throw new ConfigException(keys.keyOf("window"), window + " is not a whole number of " + timeframe
                    + " bars (the feed's timeframe)");
        }
        String start = keys.required("start");
        IngestSettings.parseStart(keys.keyOf("start"), start, Clock.systemUTC(), timeframe, provider.calendar());
        String vendorUrl = IngestSettings.vendorUrl(keys.keyOf("vendor.url"), keys.required("vendor.url"));
        // the universe: the symbols configured, or the vendor's list (vendor:CLASS), kept in the universe table by a refresh
        String universe = keys.required("universe");
        VendorUniverse fromVendor = null;
        if (VendorUniverse.named(universe)) {
            fromVendor = VendorUniverse.parse(provider, keys::keyOf, keys::value, vendorUrl, syntaxOf(provider));
            IngestSettings.cron(keys.keyOf("universe.refresh"), fromVendor.refresh());
        }
        return new FeedSettings(name, provider,
                keys.matching("account.name", NAME, "lower-case letters, digits and '_'"),
                vendorUrl,
                keys.matching("vendor.feed", Pattern.compile("[a-z_]{1,20}"), "a data feed such as iex or sip"),
                fromVendor != null ? List.of() : Symbols.parseUniverse(keys.keyOf("universe"), universe, syntaxOf(provider)),
                new FeedPlan(timeframe, window, settle, batchSymbols, pageLimit, batchPages, provider.requestShape(timeframe),
                        provider.calendar(), askClosedDays),
                start,
                IngestSettings.cron(keys.keyOf("schedule"), keys.required("schedule")),
                keys.parse("write-mode", WriteMode::parse),
                fromVendor);
    }

    /** True when the feed's universe is its vendor's list ({@code vendor:CLASS}), not symbols of its configuration. */
    public boolean universeFromVendor() {
        return vendorUniverse != null;
    }

    /** {@code skip}: no request for a window the exchange is closed through; {@code ask}: ask the vendor anyway. */
    private static boolean asksClosedDays(String value) {
        return switch (value) {
            case "skip" -> false;
            case "ask" -> true;
            default -> throw new IllegalArgumentException("'" + value + "' is neither skip (no request for a window in which "
                    + "the exchange's calendar says nothing trades) nor ask (ask the vendor anyway)");
        };
    }

    /** Where a feed without a checkpoint begins: an ISO instant, a duration back from now, or its last sessions. */
    public Instant startInstant(Clock clock) {
        return IngestSettings.parseStart("ingest.start", start, clock, plan.timeframe(), provider.calendar());
    }

    /** What this feed's symbols look like: its provider's pairs (BTC/USD) or tickers. */
    public SymbolSyntax symbolSyntax() {
        return syntaxOf(provider);
    }

    private static SymbolSyntax syntaxOf(Provider provider) {
        return provider.tradesPairs() ? SymbolSyntax.CRYPTO_PAIR : SymbolSyntax.EQUITY;
    }

    /** The account base URL is the embedded simulator's. */
    public boolean embeddedVendor() {
        return IngestSettings.EMBEDDED.equals(vendorUrl);
    }

    /** Finds which key gives a feed's setting, so that an error names the key the operator wrote. */
    private record Lookup(String feed, Function<String, String> props, boolean listed, Provider provider, Timeframe timeframe) {
        /** The feed's own key (set, or standing for its provider's default), else the deployment's. */
        String keyOf(String suffix) {
            return ownValue(suffix) != null ? ownKey(suffix) : "ingest." + suffix;
        }

        /** The value under the key that gives it, for IngestSettings' validators. */
        private Function<String, String> as(String suffix) {
            String key = keyOf(suffix);
            String own = ownValue(suffix);
            String v = own != null ? own : props.apply(key);
            return k -> k.equals(key) ? v : null;
        }

        private String ownKey(String suffix) {
            return "ingest.feed." + feed + "." + suffix;
        }

        /** {@code ingest.feed.NAME.X} when the feed is listed and sets it, else its provider's default, else null. */
        private String ownValue(String suffix) {
            String set = listed ? props.apply(ownKey(suffix)) : null;
            return set != null || provider == null ? set : provider.feedDefault(suffix, timeframe);
        }

        /** The setting's value, or null when neither the feed nor the deployment sets it. */
        String value(String suffix) {
            return as(suffix).apply(keyOf(suffix));
        }

        /** True when the feed, its provider or the deployment gives the setting. */
        boolean isSet(String suffix) {
            String v = ownValue(suffix) != null ? ownValue(suffix) : props.apply("ingest." + suffix);
            return v != null && !v.isBlank();
        }

        String required(String suffix) {
            return IngestSettings.required(as(suffix), keyOf(suffix));
        }

        String matching(String suffix, Pattern p, String expected) {
            return IngestSettings.matching(as(suffix), keyOf(suffix), p, expected);
        }

        int intIn(String suffix, int min, int max) {
            return IngestSettings.intIn(as(suffix), keyOf(suffix), min, max);
        }

        Duration duration(String suffix, Duration min, Duration max) {
            return IngestSettings.duration(as(suffix), keyOf(suffix), min, max);
        }

        <T> T parse(String suffix, Function<String, T> parser) {
            String v = required(suffix);
            try {
                return parser.apply(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(keyOf(suffix), e.getMessage());
            }
        }
    }
}
