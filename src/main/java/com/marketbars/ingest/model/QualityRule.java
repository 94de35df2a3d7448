package com.marketbars.ingest.model;

/** The rules every bar must pass before it may be written. */
public enum QualityRule {
    MISSING_FIELD("a required field (t, o, h, l, c, v) is missing or null"),
    NOT_A_NUMBER("a price, the volume, the trade count or the VWAP is not a finite number (e.g. \"NaN\" or a string), or the trade count is not whole"),
    BAD_TIMESTAMP("t is not an RFC-3339 timestamp"),
    NOT_ON_MINUTE("t is not on a minute boundary"),
    NOT_ON_BAR("t is on a minute but not where a bar of the feed's timeframe starts (1Hour, 1Day: a whole hour)"),
    OUTSIDE_WINDOW("t is outside the requested window"),
    PRICE_RANGE("low > min(open, close) or high < max(open, close)"),
    NEGATIVE_VOLUME("volume or trade count is negative"),
    UNREQUESTED_SYMBOL("the symbol was not among the requested ones"),
    DUPLICATE_IN_RESPONSE("a second bar for the same (symbol, t) in one response");

    private final String description;

    QualityRule(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
