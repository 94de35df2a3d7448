package com.marketbars.ingest.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The assets the simulator lists, for Alpaca's {@code GET /v2/assets} and Massive's {@code GET /v3/reference/tickers}:
 * made from the settings each time they are asked for, so that a test lists or delists symbols between two refreshes
 * ({@code equityAssets}, {@code listedAssets}, {@code delistedAssets}).
 * <p>
 * Shaped as the vendors' lists are: ten large caps, then generated tickers of two to four letters, share classes
 * ({@code XYZ.B}), preferreds in the vendor's own spelling ({@code XYZ.PRA} at Alpaca, {@code XYZpA} at Massive - not
 * tickers a bars request takes), about one in forty inactive, one in twenty-five not tradable, on the exchanges real
 * lists spread over (OTC names are Alpaca's only: Massive lists them under another market). Crypto pairs for Alpaca's
 * {@code asset_class=crypto}. The same settings always list the same assets.
 */
final class AssetCatalog {
    /** One listed asset, in neither vendor's spelling yet. */
    record Asset(String symbol, String exchange, boolean active, boolean tradable, boolean preferred, boolean crypto) {
        /** Alpaca's spelling: preferreds as {@code BASE.PRA}; exchanges NASDAQ, NYSE, ARCA, AMEX, BATS, OTC, CRYPTO. */
        String alpacaSymbol() {
            return preferred ? symbol + ".PRA" : symbol;
        }

        /** Massive's spelling: preferreds as {@code BASEpA}. */
        String massiveSymbol() {
            return preferred ? symbol + "pA" : symbol;
        }

        /** Massive's primary exchange, a MIC. */
        String massiveExchange() {
            return switch (exchange) {
                case "NASDAQ" -> "XNAS";
                case "NYSE" -> "XNYS";
                case "ARCA" -> "ARCX";
                case "AMEX" -> "XASE";
                default -> exchange;
            };
        }
    }

    static final List<String> LARGE_CAPS = List.of("AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "AVGO", "JPM", "V");
    private static final List<String> CRYPTO_BASES = List.of("BTC", "ETH", "SOL", "XRP", "DOGE", "ADA", "AVAX", "LINK", "DOT",
            "LTC", "BCH", "UNI", "AAVE", "SHIB", "XTZ", "GRT", "MKR", "SUSHI", "YFI", "BAT");
    private static final List<String> CRYPTO_QUOTES = List.of("USD", "USDT", "USDC");
    private static final String[] EXCHANGES = {"NASDAQ", "NASDAQ", "NASDAQ", "NASDAQ", "NYSE", "NYSE", "NYSE", "ARCA", "AMEX", "BATS",
            "OTC", "NASDAQ", "NYSE", "NASDAQ", "ARCA", "NYSE", "NASDAQ", "NYSE", "NASDAQ", "OTC"};

    private AssetCatalog() {
    }

    /** The US equities the settings list, sorted by symbol. */
    static List<Asset> equities(SimulatorSettings settings) {
        int count = settings.equityAssets;
        Set<String> delisted = symbols(settings.delistedAssets);
        List<Asset> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; out.size() < count; i++) {
            String symbol = i < LARGE_CAPS.size() ? LARGE_CAPS.get(i) : generated(i);
            if (!seen.add(symbol)) {
                continue;
            }
            boolean large = i < LARGE_CAPS.size();
            String exchange = large ? (symbol.equals("JPM") || symbol.equals("V") ? "NYSE" : "NASDAQ") : EXCHANGES[i % EXCHANGES.length];
            boolean active = large || i % 40 != 7;
            boolean tradable = large || i % 25 != 3;
            boolean preferred = !large && i % 97 == 11;
            if (delisted.contains(symbol)) {
                active = false;
            }
            out.add(new Asset(symbol, exchange, active, tradable, preferred, false));
        }
        for (String listed : symbols(settings.listedAssets)) {
            if (seen.add(listed)) {
                out.add(new Asset(listed, "NASDAQ", !delisted.contains(listed), true, false, false));
            }
        }
        out.sort(Comparator.comparing(Asset::symbol));
        return out;
    }

    /** Alpaca's crypto pairs (a few of them inactive, as delisted coins are). */
    static List<Asset> cryptoPairs(SimulatorSettings settings) {
        Set<String> delisted = symbols(settings.delistedAssets);
        List<Asset> out = new ArrayList<>();
        int i = 0;
        for (String base : CRYPTO_BASES) {
            for (String quote : CRYPTO_QUOTES) {
                String pair = base + "/" + quote;
                out.add(new Asset(pair, "CRYPTO", i++ % 17 != 5 && !delisted.contains(pair), true, false, true));
            }
        }
        out.sort(Comparator.comparing(Asset::symbol));
        return out;
    }

    /**
     * The i-th generated ticker: two to four letters, spread over the alphabet by a multiplicative hash of i (so
     * neighbours are not AAA, AAB...), and every 50th a class B share.
     */
    static String generated(int i) {
        long h = (i * 2_654_435_761L) & 0xFFFF_FFFFL;
        int letters = 2 + (int) (h % 3);
        StringBuilder s = new StringBuilder();
        long v = h / 3 + i;
        for (int k = 0; k < letters; k++) {
            s.append((char) ('A' + v % 26));
            v /= 26;
        }
        return i % 50 == 0 ? s + ".B" : s.toString();
    }

    private static Set<String> symbols(String commaList) {
        Set<String> out = new LinkedHashSet<>();
        if (commaList != null) {
            for (String s : commaList.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }
}
