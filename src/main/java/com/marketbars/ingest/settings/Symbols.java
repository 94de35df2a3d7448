package com.marketbars.ingest.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Symbols as this product accepts them, in the {@link SymbolSyntax} the feed chose: tickers (upper-case letters and
 * digits, optionally with a '.' or '-' class suffix such as BRK.B or BF-B, at most 12 characters) unless said
 * otherwise, or crypto pairs (BTC/USD). Anything else is refused before it reaches a URL, a SQL statement or a file
 * name.
 */
public final class Symbols {

    private Symbols() {
    }

    /** Validates a ticker ({@link SymbolSyntax#EQUITY}). */
    public static String validate(String key, String symbol) {
        return validate(key, symbol, SymbolSyntax.EQUITY);
    }

    /** @throws ConfigException naming the key, when the symbol does not have the syntax */
    public static String validate(String key, String symbol, SymbolSyntax syntax) {
        if (!syntax.accepts(symbol)) {
            String shown = symbol == null ? "null" : symbol.length() > 40 ? symbol.substring(0, 40) + "..." : symbol;
            throw new ConfigException(key, "'" + shown + "' is not " + syntax.expected());
        }
        return symbol;
    }

    /** A universe of tickers ({@link SymbolSyntax#EQUITY}). */
    public static List<String> parseUniverse(String key, String value) {
        return parseUniverse(key, value, SymbolSyntax.EQUITY);
    }

    /**
     * Parses a comma list, or {@code file:PATH} with one symbol a line ('#' starts a comment), of symbols in this
     * syntax. Duplicates are removed.
     */
    public static List<String> parseUniverse(String key, String value, SymbolSyntax syntax) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, "must list at least one symbol (comma list or file:PATH)");
        }
        List<String> raw = new ArrayList<>();
        if (value.startsWith("file:")) {
            Path path = Path.of(value.substring("file:".length()));
            try {
                for (String line : Files.readAllLines(path)) {
                    String s = line.replaceAll("#.*", "").trim();
                    if (!s.isEmpty()) {
                        raw.add(s);
                    }
                }
            } catch (IOException e) {
                throw new ConfigException(key, "cannot read symbol file " + path.toAbsolutePath() + ": " + e.getMessage());
            }
        } else {
            for (String s : value.split(",")) {
                if (!s.isBlank()) {
                    raw.add(s.trim());
                }
            }
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String s : raw) {
            out.add(validate(key, s, syntax));
        }
        if (out.isEmpty()) {
            throw new ConfigException(key, "must list at least one symbol");
        }
        return List.copyOf(out);
    }
}
