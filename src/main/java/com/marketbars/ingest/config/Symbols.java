package com.marketbars.ingest.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Ticker symbols as this product accepts them: upper-case letters and digits, optionally with a '.' or '-'
 * class suffix (BRK.B, BF-B), at most 12 characters. Anything else is refused before it reaches a URL, a SQL
 * statement or a file name.
 */
public final class Symbols {
    private static final int MAX_LENGTH = 12;
    private static final Pattern VALID = Pattern.compile("[A-Z][A-Z0-9]{0,9}([.-][A-Z0-9]{1,2})?");

    /** Currency pairs (crypto): BASE/QUOTE, each 2 to 10 upper-case letters or digits, such as BTC/USD. */
    private static final Pattern PAIR = Pattern.compile("[A-Z0-9]{2,10}/[A-Z0-9]{2,10}");

    /** What a feed's symbols look like: tickers (stocks) or currency pairs (crypto). */
    public enum Syntax { TICKER, PAIR }

    private Symbols() {
    }

    public static String validate(String key, String symbol, Syntax syntax) {
        if (syntax == Syntax.TICKER) {
            return validate(key, symbol);
        }
        if (symbol == null || symbol.length() > 21 || !PAIR.matcher(symbol).matches()) {
            String shown = symbol == null ? "null" : symbol.length() > 40 ? symbol.substring(0, 40) + "..." : symbol;
            throw new ConfigException(key, "'" + shown + "' is not a valid currency pair"
                    + " (expected BASE/QUOTE in upper-case letters and digits, such as BTC/USD)");
        }
        return symbol;
    }

    /** A ticker, or a currency pair (for a command that does not know its feed yet); refused as a ticker otherwise. */
    public static String validateEither(String key, String symbol) {
        if (symbol != null && PAIR.matcher(symbol).matches() && symbol.length() <= 21) {
            return symbol;
        }
        return validate(key, symbol);
    }

    public static String validate(String key, String symbol) {
        if (symbol == null || symbol.length() > MAX_LENGTH || !VALID.matcher(symbol).matches()) {
            String shown = symbol == null ? "null" : symbol.length() > 40 ? symbol.substring(0, 40) + "..." : symbol;
            throw new ConfigException(key, "'" + shown + "' is not a valid ticker symbol"
                    + " (expected upper-case letters and digits, optionally .X or -X, at most 12 characters)");
        }
        return symbol;
    }

    /** Parses a comma list, or {@code file:PATH} with one symbol a line ('#' starts a comment). Duplicates are removed. */
    public static List<String> parseUniverse(String key, String value) {
        return parseUniverse(key, value, Syntax.TICKER);
    }

    public static List<String> parseUniverse(String key, String value, Syntax syntax) {
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
