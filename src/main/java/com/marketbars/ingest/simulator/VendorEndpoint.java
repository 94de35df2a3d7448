package com.marketbars.ingest.simulator;

/**
 * The bar endpoints the simulator serves, each with its own market data: which minutes have bars (its calendar)
 * and which synthetic series a symbol follows there. Endpoints of one {@link Account} share that account's quota.
 * <p>
 * The two stock endpoints are two vendors, so their histories differ (a {@code salt} on the series): the same ticker
 * has other prices, volumes and gaps at Massive than at Alpaca, as two real vendors' consolidated bars do, and a bar
 * that lands in the wrong feed shows.
 */
public enum VendorEndpoint {
    /** Alpaca Market Data v2, {@code GET /v2/stocks/bars}: New York regular hours. */
    ALPACA_STOCKS("/v2/stocks/bars", Account.ALPACA, false, 0),
    /** Alpaca crypto, {@code GET /v1beta3/crypto/us/bars}: pairs such as BTC/USD, every minute of every day. */
    ALPACA_CRYPTO("/v1beta3/crypto/us/bars", Account.ALPACA, true, 0),
    /** Massive (formerly Polygon.io) aggregates, {@code GET /v2/aggs/ticker/{T}/range/1/{timespan}/{from}/{to}}. */
    MASSIVE_STOCKS("/v2/aggs/ticker/", Account.MASSIVE, false, 0x5EED_0F_4A55_17EL);

    /** Whose quota a request to the endpoint spends. */
    public enum Account { ALPACA, MASSIVE }

    private final String path;
    private final Account account;
    private final boolean alwaysOpen;
    private final long salt;

    VendorEndpoint(String path, Account account, boolean alwaysOpen, long salt) {
        this.path = path;
        this.account = account;
        this.alwaysOpen = alwaysOpen;
        this.salt = salt;
    }

    /** The path (for Massive, the path prefix) the endpoint is served at. */
    public String path() {
        return path;
    }

    public Account account() {
        return account;
    }

    /** True when bars exist at every minute of every day (crypto); false for New York regular hours on weekdays. */
    public boolean alwaysOpen() {
        return alwaysOpen;
    }

    /** 0 for the original series (Alpaca's, which existing histories and specs know), else a vendor's own. */
    long salt() {
        return salt;
    }
}
