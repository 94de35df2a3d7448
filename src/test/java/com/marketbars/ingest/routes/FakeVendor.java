package com.marketbars.ingest.routes;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

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
 * A scripted vendor for route specs: it takes the place of the step {@code vendor-http} of a feed's page route,
 * <pre>{@code AdviceWith.adviceWith(context, "fetch-page-FEED", r -> r.weaveById("vendor-http").replace().process(fake));}</pre>
 * so no request leaves the test. Each request is known by its batch ("AAPL", or "AAPL,MSFT" for a batch of two), which
 * the vendor's protocol puts somewhere in the request (a subclass reads it). A batch gets its scripted answers in order;
 * when nothing is scripted for it, or the script has run out, it gets the subclass's default (one good bar per symbol at
 * the window's start, as the last page). Every request is recorded as it reached {@code vendor-http}: the exchange
 * headers that camel-http would turn into the HTTP request, and when. Batches run in parallel, so this is thread-safe.
 */
abstract class FakeVendor implements Processor {

    /** What the vendor does with one request: set a response body, or throw as camel-http would. */
    @FunctionalInterface
    interface Answer {
        void apply(Exchange exchange) throws Exception;
    }

    /** One request as it reached {@code vendor-http}: its batch, the exchange headers, and when (System.nanoTime). */
    record Request(String symbols, Map<String, Object> headers, long nanoTime) {
        String method() {
            return String.valueOf(headers.get(Exchange.HTTP_METHOD));
        }

        String path() {
            return (String) headers.get(Exchange.HTTP_PATH);
        }

        String query() {
            return String.valueOf(headers.get(Exchange.HTTP_QUERY));
        }
    }

    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Answer> always = new ConcurrentHashMap<>();
    private final Map<String, Answer> refusedSymbols = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** The batch a request asks for, comma-separated, as the vendor's protocol names it. */
    abstract String batchOf(Exchange request);

    /** What a batch gets when nothing is scripted for it: one good bar per symbol at the window's start, the last page. */
    abstract Answer oneBarEach(String batch, Exchange request);

    /** The next requests of this batch get these answers, one each, in this order. */
    FakeVendor answer(String symbols, Answer... answers) {
        scripts.computeIfAbsent(symbols, k -> new ConcurrentLinkedDeque<>()).addAll(Arrays.asList(answers));
        return this;
    }

    /** Every request of this batch gets this answer (a vendor that never recovers). */
    FakeVendor alwaysAnswer(String symbols, Answer answer) {
        always.put(symbols, answer);
        return this;
    }

    /** The vendor is well again: every {@link #alwaysAnswer} is lifted. */
    FakeVendor recover() {
        always.clear();
        return this;
    }

    /** Every request that names this symbol, in any batch, gets this answer (a delisted symbol); null lifts it. */
    FakeVendor refuseSymbol(String symbol, Answer answer) {
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

    /**
     * A 200 with this body exactly as given (for example a page cut short). The response code is set as camel-http sets
     * it: the account quota reads it to tell this attempt's answer from an earlier attempt's failure.
     */
    static Answer body(String raw) {
        return exchange -> {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            exchange.getMessage().setBody(raw);
        };
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String batch = batchOf(exchange);
        requests.add(new Request(batch, Collections.unmodifiableMap(new LinkedHashMap<>(exchange.getMessage().getHeaders())),
                System.nanoTime()));
        nextAnswer(batch, exchange).apply(exchange);
    }

    private Answer nextAnswer(String batch, Exchange exchange) {
        for (String s : batch.split(",")) {
            Answer refusal = refusedSymbols.get(s);
            if (refusal != null) {
                return refusal;
            }
        }
        Answer forever = always.get(batch);
        if (forever != null) {
            return forever;
        }
        Deque<Answer> script = scripts.get(batch);
        Answer next = script == null ? null : script.pollFirst();
        return next != null ? next : oneBarEach(batch, exchange);
    }

    /** A query parameter, decoded; null when absent. */
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
