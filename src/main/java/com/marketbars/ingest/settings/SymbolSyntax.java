package com.marketbars.ingest.settings;

import java.util.regex.Pattern;

/**
 * Which symbols a feed accepts, chosen per feed by its configuration: the syntax is explicit, never guessed from the
 * symbol, so a stock feed never accepts a '/' and a crypto feed never accepts a share class.
 */
public enum SymbolSyntax {
    /** Tickers: upper-case letters and digits, optionally a '.' or '-' class suffix (BRK.B, BF-B), at most 12 characters. */
    EQUITY(Pattern.compile("[A-Z][A-Z0-9]{0,9}([.-][A-Z0-9]{1,2})?"), 12,
            "a valid ticker symbol (expected upper-case letters and digits, optionally .X or -X, at most 12 characters)"),
    /** Crypto pairs as Alpaca names them: base and quote of upper-case letters and digits joined by one '/' (BTC/USD). */
    CRYPTO_PAIR(Pattern.compile("[A-Z0-9]{1,10}/[A-Z0-9]{1,10}"), 21,
            "a valid crypto pair (expected BASE/QUOTE of upper-case letters and digits, such as BTC/USD, at most 21 characters)");

    private final Pattern valid;
    private final int maxLength;
    private final String expected;

    SymbolSyntax(Pattern valid, int maxLength, String expected) {
        this.valid = valid;
        this.maxLength = maxLength;
        this.expected = expected;
    }

    /** True when the symbol has this syntax (and so is safe in a URL, a SQL statement or a file name). */
    public boolean accepts(String symbol) {
        return symbol != null && symbol.length() <= maxLength && valid.matcher(symbol).matches();
    }

    /** What a symbol of this syntax looks like, for error messages. */
    String expected() {
        return expected;
    }
}
