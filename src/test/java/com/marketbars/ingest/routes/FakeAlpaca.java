package com.marketbars.ingest.routes;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Stands in for Alpaca's {@code GET /v2/stocks/bars} in route tests. It takes the place of the step
 * {@code vendor-http}:
 * <pre>{@code AdviceWith.adviceWith(context, "fetch-page-alpaca_bars_1min", r -> r.weaveById("vendor-http-alpaca_bars_1min").replace().process(alpaca));}</pre>
 * Each batch is known by its {@code symbols} query parameter ("AAPL", or "AAPL,MSFT" for a batch of two).
 * A batch gets its scripted answers in order. When nothing is scripted for it, or the script has run out, it gets
 * one good bar per symbol at the window's start, as the last page. Every request is recorded as it reached
 * {@code vendor-http}: the exchange headers that camel-http would turn into the HTTP request.
 * Batches run in parallel, so this class is thread-safe.
 */
final class FakeAlpaca implements Processor {

    /** What the vendor does with one request: set a response body, or throw as camel-http would. */
    @FunctionalInterface
    interface Answer {
        void apply(Exchange exchange) throws Exception;
    }

    /** One request as it reached {@code vendor-http}. */
    record Request(String symbols, Map<String, Object> headers) {
        String method() {
            return String.valueOf(headers.get(Exchange.HTTP_METHOD));
        }

        String query() {
            return String.valueOf(headers.get(Exchange.HTTP_QUERY));
        }
    }

    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Answer> always = new ConcurrentHashMap<>();
    private final Map<String, Answer> refusedSymbols = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** The next requests of this batch get these answers, one each, in this order. */
    FakeAlpaca answer(String symbols, Answer... answers) {
        scripts.computeIfAbsent(symbols, k -> new ConcurrentLinkedDeque<>()).addAll(Arrays.asList(answers));
        return this;
    }

    /** Every request of this batch gets this answer (a vendor that never recovers). */
    FakeAlpaca alwaysAnswer(String symbols, Answer answer) {
        always.put(symbols, answer);
        return this;
    }

    /** The vendor is well again: every {@link #alwaysAnswer} is lifted. */
    FakeAlpaca recover() {
        always.clear();
        return this;
    }

    /** Every request that names this symbol, in any batch, gets this answer (a delisted symbol); null lifts it. */
    FakeAlpaca refuseSymbol(String symbol, Answer answer) {
        if (answer == null) {
            refusedSymbols.remove(symbol);
        } else {
            refusedSymbols.put(symbol, answer);
        }
        return this;
    }

    /** The requests of one batch, in the order they came. */
    List<Request> requests(String symbols) {
        return requests.stream().filter(r -> r.symbols().equals(symbols)).collect(Collectors.toList());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    // ---- answers ----------------------------------------------------------------------------------------

    /** A page of one good bar of {@code symbol} at {@code minute}; {@code nextPageToken} null means the last page. */
    static Answer page(String symbol, String minute, String nextPageToken) {
        return body(pageJson(Map.of(symbol, minute), nextPageToken));
    }

    /** A response body exactly as given (for example a page cut short). */
    static Answer body(String raw) {
        return exchange -> exchange.getMessage().setBody(raw);
    }

    /** An HTTP error status, thrown as camel-http throws it ({@code throwExceptionOnFailure=true}). */
    static Answer status(int code) {
        return exchange -> {
            String uri = "http://127.0.0.1:9/v2/stocks/bars?" + exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
            throw new HttpOperationFailedException(uri, code, "HTTP " + code, null, Map.of(),
                    "{\"message\":\"status " + code + " from the fake vendor\"}");
        };
    }

    static String pageJson(Map<String, String> minuteBySymbol, String nextPageToken) {
        String bars = minuteBySymbol.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":[{\"t\":\"" + e.getValue()
                        + "\",\"o\":1.0,\"h\":1.5,\"l\":0.5,\"c\":1.2,\"v\":100,\"n\":5,\"vw\":1.1}]")
                .collect(Collectors.joining(","));
        return "{\"bars\":{" + bars + "},\"next_page_token\":"
                + (nextPageToken == null ? "null" : "\"" + nextPageToken + "\"") + "}";
    }

    // ---- the vendor ---------------------------------------------------------------------------------------

    @Override
    public void process(Exchange exchange) throws Exception {
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        String symbols = param(query, "symbols");
        requests.add(new Request(symbols, Collections.unmodifiableMap(new LinkedHashMap<>(exchange.getMessage().getHeaders()))));
        nextAnswer(symbols, query).apply(exchange);
    }

    private Answer nextAnswer(String symbols, String query) {
        for (String s : symbols.split(",")) {
            Answer refusal = refusedSymbols.get(s);
            if (refusal != null) {
                return refusal;
            }
        }
        Answer forever = always.get(symbols);
        if (forever != null) {
            return forever;
        }
        Deque<Answer> script = scripts.get(symbols);
        Answer next = script == null ? null : script.pollFirst();
        if (next != null) {
            return next;
        }
        String start = param(query, "start");
        Map<String, String> oneBarEach = new LinkedHashMap<>();
        for (String s : symbols.split(",")) {
            oneBarEach.put(s, start);
        }
        return body(pageJson(oneBarEach, null));
    }

    static String param(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
