package com.marketbars.ingest.providers.alpaca;

import com.marketbars.ingest.checkpoint.SymbolBatch;
import org.apache.camel.Exchange;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Builds the query of one {@code GET /v2/stocks/bars} page. Alpaca's {@code end} is inclusive, our windows are
 * half-open [start, end), so the request ends one second before the window does.
 */
public final class AlpacaRequest {
    private final String feed;
    private final int pageLimit;

    public AlpacaRequest(String feed, int pageLimit) {
        this.feed = feed;
        this.pageLimit = pageLimit;
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
                .append("&timeframe=1Min")
                .append("&start=").append(enc(batch.start().toString()))
                .append("&end=").append(enc(inclusiveEnd(batch.end()).toString()))
                .append("&limit=").append(pageLimit)
                .append("&adjustment=raw")
                .append("&feed=").append(enc(feed))
                .append("&sort=asc");
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
