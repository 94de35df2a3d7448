package com.marketbars.ingest.providers.alpaca;

import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.checkpoint.Timeframe;
import org.apache.camel.Exchange;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Builds the query of one Alpaca bars page ({@code GET /v2/stocks/bars}, or {@code /v1beta3/crypto/us/bars} with no
 * feed). Alpaca's {@code end} is inclusive, our windows are half-open [start, end), so the request ends one second
 * before the window does. The timeframe is the endpoint's: Alpaca's labels are ours ({@code 1Min}, {@code 1Hour},
 * {@code 1Day}).
 */
public final class AlpacaRequest {
    private final String feed;
    private final int pageLimit;
    private final Timeframe timeframe;

    /** 1-minute bars. */
    public AlpacaRequest(String feed, int pageLimit) {
        this(feed, pageLimit, Timeframe.ONE_MINUTE);
    }

    /**
     * @param feed stocks: the data feed ({@code iex}, {@code sip}), asked for with {@code adjustment=raw}; null or blank
     *             for crypto, whose endpoint has neither parameter
     */
    public AlpacaRequest(String feed, int pageLimit, Timeframe timeframe) {
        this.feed = feed == null || feed.isBlank() ? null : feed;
        this.pageLimit = pageLimit;
        this.timeframe = timeframe;
    }

    /** Sets the HTTP method and query on the exchange for this batch and page token (null or "" for the first page). */
    public void prepare(Exchange exchange, SymbolBatch batch, String pageToken) {
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, query(batch, pageToken));
        exchange.getMessage().setBody(null);
    }

    public String query(SymbolBatch batch, String pageToken) {
        StringBuilder q = new StringBuilder(64 + batch.symbols().size() * 6)
                .append("symbols=").append(enc(String.join(",", batch.symbols())))
                .append("&timeframe=").append(timeframe.label())
                .append("&start=").append(enc(batch.start().toString()))
                .append("&end=").append(enc(inclusiveEnd(batch.end()).toString()))
                .append("&limit=").append(pageLimit);
        if (feed != null) {
            q.append("&adjustment=raw").append("&feed=").append(enc(feed));
        }
        q.append("&sort=asc");
        if (pageToken != null && !pageToken.isEmpty()) {
            q.append("&page_token=").append(enc(pageToken));
        }
        return q.toString();
    }

    static Instant inclusiveEnd(Instant exclusiveEnd) {
        return exclusiveEnd.minusSeconds(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
