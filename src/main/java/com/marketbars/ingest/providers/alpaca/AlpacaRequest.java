package com.marketbars.ingest.providers.alpaca;

import com.marketbars.ingest.model.FeedPlan;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import org.apache.camel.Exchange;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Builds the query of one page of Alpaca bars (stocks and crypto alike), from the batch, its feed's plan (timeframe,
 * page limit) and Alpaca's data feed. Alpaca's {@code end} is inclusive, our windows are half-open [start, end), so the
 * request ends one second before the window does. Stateless: one instance serves every Alpaca feed.
 */
public final class AlpacaRequest {

    /**
     * Sets the HTTP method and query on the exchange for this batch and page token (null or "" for the first page).
     *
     * @param dataFeed Alpaca's stock data feed (iex, sip); empty for crypto bars
     */
    public void prepare(Exchange exchange, SymbolBatch batch, String pageToken, String dataFeed) {
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, query(batch, pageToken, dataFeed));
        exchange.getMessage().setBody(null);
    }

    public String query(SymbolBatch batch, String pageToken, String dataFeed) {
        FeedPlan plan = batch.window().job().plan();
        StringBuilder q = new StringBuilder(64 + batch.symbols().size() * 6)
                .append("symbols=").append(enc(String.join(",", batch.symbols())))
                .append("&timeframe=").append(plan.timeframe().label())
                .append("&start=").append(enc(batch.start().toString()))
                .append("&end=").append(enc(inclusiveEnd(batch.end()).toString()))
                .append("&limit=").append(plan.pageLimit());
        if (dataFeed != null && !dataFeed.isEmpty()) {
            // stock bars only: raw (unadjusted) bars of the chosen data feed; crypto bars take neither parameter
            q.append("&adjustment=raw").append("&feed=").append(enc(dataFeed));
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
