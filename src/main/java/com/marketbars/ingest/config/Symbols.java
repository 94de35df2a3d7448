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

    private Symbols() {
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
            out.add(validate(key, s));
        }
        if (out.isEmpty()) {
            throw new ConfigException(key, "must list at least one symbol");
        }
        return List.copyOf(out);
    }
}
