package com.marketbars.ingest.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A vendor that answers {@code GET /v2/stocks/bars} on 127.0.0.1 with whatever a test tells it to: a body no honest
 * vendor sends. Unlike the simulator it has no opinion about what is valid, so the client alone decides what
 * happens to the answer. Every request's query is kept, so a test can count what the client spent.
 */
public final class HostileVendor implements AutoCloseable {

    /**
     * One answer: a status, extra headers, and a body written to the response stream.
     *
     * @param length the Content-Length to declare, or 0 to send the body chunked (no length promised)
     */
    public record Answer(int status, Map<String, String> headers, long length, Body body) {
        public static Answer json(String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return new Answer(200, Map.of(), bytes.length == 0 ? -1 : bytes.length, out -> out.write(bytes));
        }

        public static Answer chunked(Body body) {
            return new Answer(200, Map.of(), 0, body);
        }
    }

    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Function<Map<String, String>, Answer> answers;
    private final List<Map<String, String>> requests = new ArrayList<>();
    private final AtomicLong bytesWritten = new AtomicLong();

    private HostileVendor(Function<Map<String, String>, Answer> answers) throws IOException {
        this.answers = answers;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hostile-vendor");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/v2/stocks/bars", this::handle);
        server.start();
    }

    /** @param answers the answer to a request, given its decoded query parameters */
    public static HostileVendor start(Function<Map<String, String>, Answer> answers) throws IOException {
        return new HostileVendor(answers);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The decoded query of every request received so far, in order. */
    public synchronized List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    /** Body bytes the client accepted (the socket took) over all answers; a client that stops reading keeps it low. */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            synchronized (this) {
                requests.add(query);
            }
            Answer a = answers.apply(query);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            a.headers().forEach(ex.getResponseHeaders()::set);
            ex.sendResponseHeaders(a.status(), a.length());
            if (a.length() < 0) {
                return;
            }
            try (OutputStream out = new FilterOutputStream(ex.getResponseBody()) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    bytesWritten.addAndGet(len);
                }
            }) {
                a.body().writeTo(out);
            } catch (IOException clientWentAway) {
                // the client may stop reading a body it refuses; that is its right, not a failure of the test vendor
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
