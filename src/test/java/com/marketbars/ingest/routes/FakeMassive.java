package com.marketbars.ingest.routes;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Stands in for Massive's (formerly Polygon.io's) {@code GET /v2/aggs/ticker/{T}/range/1/{timespan}/{from}/{to}} in
 * route specs, in the place of the step {@code vendor-http} (see {@link FakeVendor}). Each batch is its one ticker,
 * read from the request's path ({@code Exchange.HTTP_PATH}, as the template's request builder sets it). Its answers are
 * Massive's shapes: {@code results} with {@code t} in epoch milliseconds, {@code next_url} while more follow, and on
 * errors {@code {"status":"ERROR","request_id":...,"error":...}} with no rate-limit headers (Massive sends none).
 */
final class FakeMassive extends FakeVendor {
    static final String AGGS = "/v2/aggs/ticker/";

    /** A page of one good bar of {@code ticker} at {@code t}; {@code nextUrl} null leaves next_url out (the last page). */
    static Answer page(String ticker, long t, String nextUrl) {
        return body(pageJson(ticker, t, nextUrl));
    }

    /**
     * An HTTP error with Massive's error body and no headers, thrown as camel-http throws it
     * ({@code throwExceptionOnFailure=true}).
     */
    static Answer error(int code, String message) {
        return exchange -> {
            String uri = "http://127.0.0.1:9" + exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
            throw new HttpOperationFailedException(uri, code, "HTTP " + code, null, Map.of(), errorJson(message));
        };
    }

    /** Massive's error body: what it sends with a 4xx or 5xx (and what a 200 that is not a page would carry). */
    static String errorJson(String message) {
        return "{\"status\":\"ERROR\",\"request_id\":\"4f1b2c\",\"error\":\"" + message + "\"}";
    }

    static String pageJson(String ticker, long t, String nextUrl) {
        return "{\"ticker\":\"" + ticker + "\",\"queryCount\":1,\"resultsCount\":1,\"adjusted\":false,\"results\":[{\"v\":100,"
                + "\"vw\":1.1,\"o\":1.0,\"c\":1.2,\"h\":1.5,\"l\":0.5,\"t\":" + t + ",\"n\":5}],\"status\":\"OK\",\"request_id\":\"9a7e\""
                + (nextUrl == null ? "" : ",\"next_url\":\"" + nextUrl + "\"") + "}";
    }

    /** The path's segments after the ticker: {@code range, 1, timespan, from, to}. */
    static String[] range(String path) {
        String rest = path.substring(AGGS.length());
        return rest.substring(rest.indexOf('/') + 1).split("/");
    }

    @Override
    String batchOf(Exchange request) {
        String path = request.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        if (path == null || !path.startsWith(AGGS)) {
            throw new IllegalStateException("not a Massive aggregates path: " + path);
        }
        String rest = path.substring(AGGS.length());
        return URLDecoder.decode(rest.substring(0, rest.indexOf('/')), StandardCharsets.UTF_8);
    }

    @Override
    Answer oneBarEach(String ticker, Exchange request) {
        long from = Long.parseLong(range(request.getMessage().getHeader(Exchange.HTTP_PATH, String.class))[3]);
        return page(ticker, from, null);
    }
}
