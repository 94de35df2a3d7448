package com.marketbars.ingest.settings;

import com.marketbars.ingest.model.Provider;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A feed's universe taken from its vendor ({@code ingest.universe=vendor:CLASS}) and the operator's filters on it.
 *
 * @param assetClass   what is listed: Alpaca's {@code us_equity} or {@code crypto} asset class, Massive's {@code stocks} market
 * @param exchanges    the exchanges kept, in the vendor's names (empty: all)
 * @param tradableOnly keep only assets the vendor marks tradable (Alpaca; Massive lists no such flag)
 * @param deny         symbols never taken, whatever the vendor lists
 * @param allow        a symbol must match it entirely to be taken (null: any symbol of the feed's syntax)
 * @param maxShrink    the largest share of the universe one refresh may remove; a larger loss is refused
 * @param refresh      the Quartz cron of the daily refresh (UTC)
 * @param url          the base URL of the listing API (Alpaca's trading API, not its market data host)
 */
public record VendorUniverse(String assetClass, Set<String> exchanges, boolean tradableOnly, Set<String> deny, Pattern allow,
                             double maxShrink, String refresh, String url) {

    public static final String PREFIX = "vendor:";
    /** Alpaca's trading API, where its asset list is (paper accounts' keys; live keys use https://api.alpaca.markets). */
    static final String ALPACA_TRADING_URL = "https://paper-api.alpaca.markets";
    private static final Pattern EXCHANGE = Pattern.compile("[A-Z0-9]{1,12}");

    /** True when a universe setting names the vendor's list rather than symbols. */
    public static boolean named(String universe) {
        return universe != null && universe.trim().startsWith(PREFIX);
    }

    /**
     * Reads {@code universe} and its {@code universe.*} settings.
     *
     * @param keyOf     the key that gives a setting (the feed's own or the deployment's), for errors
     * @param valueOf   a setting's value (null when unset)
     * @param vendorUrl the feed's market data base URL
     * @throws ConfigException naming the key of the first bad value
     */
    public static VendorUniverse parse(Provider provider, Function<String, String> keyOf, Function<String, String> valueOf,
                                       String vendorUrl, SymbolSyntax syntax) {
        String key = keyOf.apply("universe");
        String assetClass = valueOf.apply("universe").trim().substring(PREFIX.length()).trim();
        String expected = assetClassOf(provider);
        if (!assetClass.equals(expected)) {
            throw new ConfigException(key, "'" + PREFIX + assetClass + "' is not a list of provider " + provider.label()
                    + " (expected " + PREFIX + expected + ")");
        }
        Set<String> exchanges = new LinkedHashSet<>();
        for (String e : list(valueOf.apply("universe.exchanges"))) {
            String upper = e.toUpperCase(Locale.ROOT);
            if (!EXCHANGE.matcher(upper).matches()) {
                throw new ConfigException(keyOf.apply("universe.exchanges"), "'" + e + "' is not an exchange code (such as "
                        + (provider == Provider.MASSIVE_STOCKS ? "XNAS, XNYS, ARCX" : "NASDAQ, NYSE, ARCA") + ")");
            }
            exchanges.add(upper);
        }
        String tradable = valueOf.apply("universe.tradable-only");
        if (tradable != null && !tradable.isBlank() && !tradable.trim().equals("true") && !tradable.trim().equals("false")) {
            throw new ConfigException(keyOf.apply("universe.tradable-only"), "must be true or false, got '" + tradable + "'");
        }
        Set<String> deny = new LinkedHashSet<>();
        for (String s : list(valueOf.apply("universe.deny"))) {
            deny.add(Symbols.validate(keyOf.apply("universe.deny"), s, syntax));
        }
        Pattern allow = null;
        String allowText = valueOf.apply("universe.allow-pattern");
        if (allowText != null && !allowText.isBlank()) {
            try {
                allow = Pattern.compile(allowText.trim());
            } catch (PatternSyntaxException e) {
                throw new ConfigException(keyOf.apply("universe.allow-pattern"), "'" + allowText + "' is not a regular expression: "
                        + e.getDescription());
            }
        }
        double maxShrink = fraction(keyOf.apply("universe.max-shrink"), valueOf.apply("universe.max-shrink"));
        String refresh = valueOf.apply("universe.refresh");
        if (refresh == null || refresh.isBlank()) {
            throw new ConfigException(keyOf.apply("universe.refresh"), "is required for " + key + "=" + PREFIX + assetClass
                    + " (a Quartz cron such as '0 0 11 * * ?')");
        }
        return new VendorUniverse(assetClass, Set.copyOf(exchanges), !"false".equals(tradable == null ? null : tradable.trim()),
                Set.copyOf(deny), allow, maxShrink, refresh.trim(), listingUrl(keyOf.apply("universe.url"), valueOf.apply("universe.url"),
                        provider, vendorUrl));
    }

    /** What the setting reads: {@code vendor:us_equity}. */
    public String label() {
        return PREFIX + assetClass;
    }

    /** The asset class (Alpaca) or market (Massive) a provider's list is asked for. */
    static String assetClassOf(Provider provider) {
        return switch (provider) {
            case ALPACA_STOCKS -> "us_equity";
            case ALPACA_CRYPTO -> "crypto";
            case MASSIVE_STOCKS -> "stocks";
        };
    }

    /**
     * Where the list is asked for: the setting, else for Alpaca's market data host its paper trading API (the asset
     * list is not on the data host), else the feed's own base URL (Massive serves both from one host; a simulator too).
     */
    private static String listingUrl(String key, String value, Provider provider, String vendorUrl) {
        if (value != null && !value.isBlank()) {
            String v = value.trim();
            if (!v.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
                throw new ConfigException(key, "'" + v + "' is not an http(s) base URL");
            }
            return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
        }
        if (provider != Provider.MASSIVE_STOCKS && vendorUrl.matches("https://data(\\.sandbox)?\\.alpaca\\.markets/?")) {
            return ALPACA_TRADING_URL;
        }
        return vendorUrl;
    }

    private static double fraction(String key, String value) {
        try {
            double d = Double.parseDouble(value == null ? "" : value.trim());
            if (d > 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(key, "must be a share of the universe in (0, 1], such as 0.5, got '" + value + "'");
    }

    private static List<String> list(String commaList) {
        if (commaList == null || commaList.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(commaList.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
