package com.marketbars.ingest.routes;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Stands in for Alpaca's bars endpoints (stocks {@code GET /v2/stocks/bars}, crypto {@code GET /v1beta3/crypto/us/bars})
 * in route specs, in the place of the step {@code vendor-http} (see {@link FakeVendor}). Each batch is known by its
 * {@code symbols} query parameter ("AAPL", "AAPL,MSFT", "BTC/USD").
 */
final class FakeAlpaca extends FakeVendor {

    /** A page of one good bar of {@code symbol} at {@code minute}; {@code nextPageToken} null means the last page. */
    static Answer page(String symbol, String minute, String nextPageToken) {
        return body(pageJson(Map.of(symbol, minute), nextPageToken));
    }

    /** An HTTP error status, thrown as camel-http throws it ({@code throwExceptionOnFailure=true}). */
    static Answer status(int code) {
        return exchange -> {
            String uri = "http://127.0.0.1:9/v2/stocks/bars?" + exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
            throw new HttpOperationFailedException(uri, code, "HTTP " + code, null, Map.of(),
                    "{\"message\":\"status " + code + " from the fake vendor\"}");
        };
    }

    /**
     * A page of one good bar per symbol at the given minute; {@code nextPageToken} null writes {@code null}, any other
     * value (even "") is written as that string.
     */
    static String pageJson(Map<String, String> minuteBySymbol, String nextPageToken) {
        String bars = minuteBySymbol.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":[{\"t\":\"" + e.getValue()
                        + "\",\"o\":1.0,\"h\":1.5,\"l\":0.5,\"c\":1.2,\"v\":100,\"n\":5,\"vw\":1.1}]")
                .collect(Collectors.joining(","));
        return "{\"bars\":{" + bars + "},\"next_page_token\":"
                + (nextPageToken == null ? "null" : "\"" + nextPageToken + "\"") + "}";
    }

    @Override
    String batchOf(Exchange request) {
        return param(request.getMessage().getHeader(Exchange.HTTP_QUERY, String.class), "symbols");
    }

    @Override
    Answer oneBarEach(String batch, Exchange request) {
        String start = param(request.getMessage().getHeader(Exchange.HTTP_QUERY, String.class), "start");
        Map<String, String> oneBarEach = new LinkedHashMap<>();
        for (String s : batch.split(",")) {
            oneBarEach.put(s, start);
        }
        return body(pageJson(oneBarEach, null));
    }
}
