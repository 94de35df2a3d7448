package com.marketbars.ingest.model;

import com.marketbars.ingest.calendar.AlwaysOpenCalendar;
import com.marketbars.ingest.calendar.ExchangeCalendar;
import com.marketbars.ingest.calendar.NyseCalendar;


import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The vendor endpoints a feed can ingest from. Each names the route template that speaks its protocol (in
 * {@code routes/provider-*.camel.yaml}, with a pure request builder and mapper in this package) and the limits of its
 * requests, so that a bad feed setting fails at start naming its key. Adding a vendor is a template, a mapper, a
 * request builder and an entry here; the pipeline does not change.
 */
public enum Provider {
    /**
     * Alpaca Market Data v2 stock bars: up to 10,000 bars per request, shared across a comma list of symbols. Alpaca
     * documents no most symbols a request; a URL's length is the practical bound (proxies and servers commonly refuse
     * request lines over 8 KB): 1,000 tickers of up to 5 characters with their encoded commas are about 8,000 bytes.
     */
    ALPACA_STOCKS("alpaca-stocks", "alpaca-bars", "/v2/stocks/bars", 1000, 10_000, Map.of(), false),
    /**
     * Alpaca crypto bars (v1beta3, US venue): the same protocol as stocks, pairs such as BTC/USD, 24/7. A pair is
     * longer in a URL ({@code DOGE%2FUSD%2C}: 13 bytes), so 500 a request keep it under about 8 KB.
     */
    ALPACA_CRYPTO("alpaca-crypto", "alpaca-bars", "/v1beta3/crypto/us/bars", 500, 10_000, Map.of(), true),
    /**
     * Massive (formerly Polygon.io) aggregates: one ticker per request, up to 50,000 bars, pages by next_url; its feeds
     * default to the largest page, so its requests are at their floor. A day feed asks the grouped daily instead: every
     * ticker's day bar of one date in one request, filtered to the feed's universe (see {@link #requestShape}).
     */
    MASSIVE_STOCKS("massive-stocks", "massive-aggs", "/v2/aggs/ticker", 1, 50_000,
            Map.of("vendor.page-limit", "50000"), false);

    /** The most symbols of a grouped-daily request: it names none, so the universe's size is the only bound. */
    public static final int GROUPED_DAILY_SYMBOLS = 100_000;

    /** The settle of a stock day feed unless it sets its own: the session's end plus five hours for the vendor. */
    public static final String STOCK_DAY_SETTLE = "PT6H";

    private final String label;
    private final String template;
    private final String path;
    private final int maxBatchSymbols;
    private final int maxPageLimit;
    private final Map<String, String> feedDefaults;
    private final boolean pairs;

    Provider(String label, String template, String path, int maxBatchSymbols, int maxPageLimit,
             Map<String, String> feedDefaults, boolean pairs) {
        this.label = label;
        this.template = template;
        this.path = path;
        this.maxBatchSymbols = maxBatchSymbols;
        this.maxPageLimit = maxPageLimit;
        this.feedDefaults = feedDefaults;
        this.pairs = pairs;
    }

    public String label() {
        return label;
    }

    /** The id of the route template that fetches one page from this provider. */
    public String template() {
        return template;
    }

    /** The endpoint's path below the account's base URL. */
    public String path() {
        return path;
    }

    /** The most symbols one request of the timeframe may carry: the default and the limit of {@code ingest.batch.symbols}. */
    public int maxBatchSymbols(Timeframe timeframe) {
        return requestShape(timeframe) == RequestShape.ONE_DATE ? GROUPED_DAILY_SYMBOLS : maxBatchSymbols;
    }

    /**
     * How a request of the timeframe carries symbols and bars: Alpaca's share pages among a comma list of symbols;
     * Massive's aggregates are one ticker's, and its day bars come a date's whole market at a time (grouped daily).
     */
    public RequestShape requestShape(Timeframe timeframe) {
        if (this == MASSIVE_STOCKS) {
            return timeframe == Timeframe.ONE_DAY ? RequestShape.ONE_DATE : RequestShape.ONE_SYMBOL;
        }
        return RequestShape.SHARED_PAGES;
    }

    public int maxPageLimit() {
        return maxPageLimit;
    }

    /**
     * When the provider's market trades: crypto pairs at every minute of every UTC day, stocks in NYSE's sessions
     * (holidays, early closes and extended hours: docs/calendar.md). Both calendars are immutable and shared.
     */
    public ExchangeCalendar calendar() {
        return tradesPairs() ? ALWAYS_OPEN : NYSE;
    }

    private static final ExchangeCalendar NYSE = new NyseCalendar();
    private static final ExchangeCalendar ALWAYS_OPEN = new AlwaysOpenCalendar();

    /** True when its symbols are currency pairs (BTC/USD) rather than tickers. */
    public boolean tradesPairs() {
        return pairs;
    }

    /**
     * A feed setting this provider sets unless the feed does (suffix of {@code ingest.feed.NAME.}), or null: then the
     * deployment-wide {@code ingest.} key applies. {@code timeframe} is the feed's (null while it is being read).
     * <p>
     * Stock day bars settle for {@link #STOCK_DAY_SETTLE}: our day windows are UTC days, but a session's extended
     * hours end at 20:00 New York, 00:00 or 01:00 UTC of the next day; asked for at the default 2 minutes past
     * midnight UTC, a day bar would be read before its session is over, and the checkpoint would pass it for good.
     */
    public String feedDefault(String suffix, Timeframe timeframe) {
        if ("settle".equals(suffix) && timeframe == Timeframe.ONE_DAY && !pairs) {
            return STOCK_DAY_SETTLE;
        }
        return feedDefaults.get(suffix);
    }

    /** @throws IllegalArgumentException naming the providers known */
    public static Provider parse(String label) {
        return Arrays.stream(values()).filter(p -> p.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + label + "' is not a provider; expected one of "
                        + Arrays.stream(values()).map(Provider::label).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return label;
    }
}
