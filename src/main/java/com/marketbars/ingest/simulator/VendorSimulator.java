package com.marketbars.ingest.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.pipeline.Bar;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An Alpaca Market Data v2 compatible server for {@code GET /v2/stocks/bars} on loopback, serving
 * {@link SyntheticBars} with real pagination, an enforced sliding-window quota and injectable faults.
 * <p>
 * Control endpoints: {@code GET /sim/stats}, {@code GET /sim/config}, {@code POST /sim/config?key=value&...},
 * {@code POST /sim/reset} (zeroes the stats).
 */
public final class VendorSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VendorSimulator.class);
    public static final int MAX_LIMIT = 10_000;
    private static final int DEFAULT_LIMIT = 1_000;

    private final SimulatorSettings settings;
    private final SimulatorStats stats = new SimulatorStats();
    private final ArrayDeque<Long> acceptedAt = new ArrayDeque<>();
    /** Accepted requests' arrival times per period of the extra limits (settings.extraQuota), guarded by acceptedAt. */
    private final java.util.Map<Long, ArrayDeque<Long>> acceptedPerExtraPeriod = new java.util.HashMap<>();
    private final JsonFactory json = new JsonFactory();
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor;
    private SplittableRandom faults;

    public VendorSimulator(int port, SimulatorSettings settings) throws IOException {
        this.settings = settings;
        this.faults = new SplittableRandom(settings.seed);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vendor-simulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/v2/stocks/bars", this::handleBars);
        server.createContext("/sim/", this::handleControl);
    }

    public static VendorSimulator start(int port, SimulatorSettings settings) throws IOException {
        VendorSimulator s = new VendorSimulator(port, settings);
        s.server.start();
        LOG.info("Vendor simulator serving on {}", s.baseUrl());
        return s;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public SimulatorSettings settings() {
        return settings;
    }

    public SimulatorStats stats() {
        return stats;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handleBars(HttpExchange ex) throws IOException {
        try (ex) {
            stats.requests.incrementAndGet();
            if (!"GET".equals(ex.getRequestMethod())) {
                reply(ex, 405, error("method not allowed"));
                return;
            }
            sleep(latency() + coldLatency(ex.getRequestURI()));
            String requiredKey = settings.requiredKeyId;
            if (requiredKey != null && !requiredKey.equals(ex.getRequestHeaders().getFirst("APCA-API-KEY-ID"))) {
                reply(ex, 403, error("forbidden: missing or wrong APCA-API-KEY-ID"));
                return;
            }
            if (!admit(ex)) {
                return;
            }
            double dice;
            synchronized (this) {
                dice = faults.nextDouble();
            }
            if (settings.outage) {
                reply(ex, 503, error("service unavailable (simulated outage)"));
                return;
            }
            // one roll per request selects at most one fault, so the configured rates are what is observed
            double p = settings.hangRate;
            if (dice < p) {
                sleep(settings.hangMillis);
                reply(ex, 504, error("gateway timeout (simulated hang)"));
                return;
            }
            if (dice < (p += settings.errorRate)) {
                reply(ex, 503, error("service unavailable (simulated)"));
                return;
            }
            if (dice < (p += settings.rateLimitRate)) {
                ex.getResponseHeaders().set("Retry-After", "1");
                reply(ex, 429, error("too many requests (simulated storm)"));
                return;
            }
            boolean truncate = dice < p + settings.truncateRate;
            BarsQuery q;
            try {
                q = BarsQuery.parse(ex.getRequestURI());
            } catch (IllegalArgumentException bad) {
                reply(ex, 400, error(bad.getMessage()));
                return;
            }
            String failing = settings.failingSymbol;
            if (failing != null && q.symbols.contains(failing)) {
                reply(ex, 400, error("invalid symbol: " + failing));
                return;
            }
            byte[] body;
            try {
                body = page(q);
            } catch (IllegalArgumentException badToken) {
                reply(ex, 400, error(badToken.getMessage()));
                return;
            }
            if (truncate) {
                body = Arrays.copyOf(body, body.length / 2);
            }
            reply(ex, 200, body);
        } catch (RuntimeException | IOException e) {
            LOG.debug("simulator request ended early: {}", e.toString());
        }
    }

    /**
     * Sliding-window quota, counted at arrival: a request beyond quotaRequests in the last quotaPeriod, or beyond any
     * limit of extraQuota in the last of its periods (vendors publish several at once), is a violation, answered 429.
     * The X-RateLimit headers speak of the first limit only, as real vendors' headers speak of one.
     */
    private boolean admit(HttpExchange ex) throws IOException {
        int quota = settings.quotaRequests;
        long period = settings.quotaPeriodMillis;
        List<long[]> extra = settings.extraLimits();   // {requests, periodMillis}
        long now = System.nanoTime() / 1_000_000;
        int remaining;
        long resetAt;
        synchronized (acceptedAt) {
            while (!acceptedAt.isEmpty() && acceptedAt.peekFirst() <= now - period) {
                acceptedAt.pollFirst();
            }
            long waitMillis = -1;
            if (quota > 0 && acceptedAt.size() >= quota) {
                waitMillis = acceptedAt.peekFirst() + period - now;
            }
            for (long[] limit : extra) {
                ArrayDeque<Long> accepted = acceptedPerExtraPeriod.computeIfAbsent(limit[1], k -> new ArrayDeque<>());
                while (!accepted.isEmpty() && accepted.peekFirst() <= now - limit[1]) {
                    accepted.pollFirst();
                }
                if (accepted.size() >= limit[0]) {
                    waitMillis = Math.max(waitMillis, accepted.peekFirst() + limit[1] - now);
                }
            }
            if (waitMillis >= 0) {
                stats.violation();
                ex.getResponseHeaders().set("Retry-After", String.valueOf(Math.max(1, (waitMillis + 999) / 1000)));
                if (quota > 0) {
                    ex.getResponseHeaders().set("X-RateLimit-Limit", String.valueOf(quota));
                }
                ex.getResponseHeaders().set("X-RateLimit-Remaining", "0");
                ex.getResponseHeaders().set("X-RateLimit-Reset", String.valueOf((System.currentTimeMillis() + waitMillis + 999) / 1000));
                reply(ex, 429, error("too many requests"));
                return false;
            }
            acceptedAt.addLast(now);
            for (long[] limit : extra) {
                acceptedPerExtraPeriod.get(limit[1]).addLast(now);
            }
            remaining = quota > 0 ? quota - acceptedAt.size() : Integer.MAX_VALUE;
            resetAt = acceptedAt.peekFirst() + period - now;
        }
        if (quota > 0) {
            ex.getResponseHeaders().set("X-RateLimit-Limit", String.valueOf(quota));
            ex.getResponseHeaders().set("X-RateLimit-Remaining", String.valueOf(remaining));
            ex.getResponseHeaders().set("X-RateLimit-Reset", String.valueOf((System.currentTimeMillis() + resetAt + 999) / 1000));
        }
        return true;
    }

    private byte[] page(BarsQuery q) throws IOException {
        String[] symbols = q.symbols.toArray(new String[0]);
        int symbolIndex = 0;
        long minute = q.firstMinute;
        if (q.pageToken != null) {
            long[] pos = decodeToken(q.pageToken, q.fingerprint());
            symbolIndex = (int) pos[0];
            minute = pos[1];
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64 * 1024);
        int written = 0;
        String nextToken = null;
        double malformed = settings.malformedRate;
        long seed = settings.seed;
        int revision = settings.revision;     // read once: one page never mixes two revisions
        try (JsonGenerator g = json.createGenerator(buf)) {
            g.writeStartObject();
            g.writeObjectFieldStart("bars");
            outer:
            for (; symbolIndex < symbols.length; symbolIndex++, minute = q.firstMinute) {
                String sym = symbols[symbolIndex];
                boolean opened = false;
                for (; minute <= q.lastMinute; minute++) {
                    if (!SyntheticBars.exists(sym, minute)) {
                        continue;
                    }
                    if (written == q.limit) {
                        nextToken = encodeToken(symbolIndex, minute, q.fingerprint());
                        if (opened) {
                            g.writeEndArray();
                        }
                        break outer;
                    }
                    if (!opened) {
                        g.writeArrayFieldStart(sym);
                        opened = true;
                    }
                    writeBar(g, SyntheticBars.bar(sym, minute, revision), SyntheticBars.corruption(sym, minute, seed, malformed));
                    written++;
                }
                if (opened) {
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
            g.writeStringField("next_page_token", nextToken);
            g.writeEndObject();
        }
        stats.barsServed.addAndGet(written);
        return buf.toByteArray();
    }

    /** @param corruption see {@link SyntheticBars#corruption}; -1 writes the bar as it is */
    private void writeBar(JsonGenerator g, Bar b, int corruption) throws IOException {
        if (corruption >= 0) {
            stats.malformedBars.incrementAndGet();
        }
        g.writeStartObject();
        g.writeStringField("t", b.ts().toString());
        if (corruption == 1) {
            g.writeStringField("o", "NaN");
        } else {
            g.writeNumberField("o", b.open());
        }
        if (corruption == 2) {           // high below low
            g.writeNumberField("h", b.low() - 1);
            g.writeNumberField("l", b.high() + 1);
        } else {
            g.writeNumberField("h", b.high());
            g.writeNumberField("l", b.low());
        }
        if (corruption != 0) {           // 0: the close is missing
            g.writeNumberField("c", b.close());
        }
        g.writeNumberField("v", corruption == 3 ? -b.volume() : b.volume());
        g.writeNumberField("n", b.tradeCount());
        g.writeNumberField("vw", b.vwap());
        g.writeEndObject();
    }

    private void handleControl(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            try {
                if (path.equals("/sim/stats")) {
                    reply(ex, 200, mapper.writeValueAsBytes(stats.asMap()));
                } else if (path.equals("/sim/reset") && method.equals("POST")) {
                    stats.reset();
                    reply(ex, 200, mapper.writeValueAsBytes(stats.asMap()));
                } else if (path.equals("/sim/config")) {
                    if (method.equals("POST")) {
                        query(ex.getRequestURI()).forEach(settings::set);
                        synchronized (this) {
                            faults = new SplittableRandom(settings.seed);
                        }
                    }
                    reply(ex, 200, mapper.writeValueAsBytes(settings.asMap()));
                } else {
                    reply(ex, 404, error("no such endpoint"));
                }
            } catch (IllegalArgumentException bad) {
                reply(ex, 400, error(bad.getMessage()));
            }
        }
    }

    private long latency() {
        long base = settings.latencyMillis;
        long jitter = settings.jitterMillis;
        if (jitter <= 0) {
            return base;
        }
        synchronized (this) {
            return base + faults.nextLong(jitter + 1);
        }
    }

    /** The extra latency of a request for history older than {@code coldBefore}; 0 when unset or unparsable here. */
    private long coldLatency(java.net.URI uri) {
        java.time.Instant cold = settings.coldBefore;
        if (cold == null || settings.coldLatencyMillis <= 0) {
            return 0;
        }
        try {
            return BarsQuery.parse(uri).firstMinute < cold.getEpochSecond() / 60 ? settings.coldLatencyMillis : 0;
        } catch (RuntimeException unparsable) {
            return 0;   // answered 400 further on
        }
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private byte[] error(String message) throws IOException {
        return mapper.writeValueAsBytes(Map.of("message", message));
    }

    private void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        stats.status(status);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static String encodeToken(int symbolIndex, long minute, int fingerprint) {
        String raw = symbolIndex + ":" + minute + ":" + fingerprint;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    private static long[] decodeToken(String token, int fingerprint) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII).split(":");
            if (parts.length != 3 || Integer.parseInt(parts[2]) != fingerprint) {
                throw new IllegalArgumentException("page_token does not belong to this query");
            }
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid page_token");
        }
    }

    /** The parsed bars query, validated as the real vendor does. */
    static final class BarsQuery {
        final TreeSet<String> symbols;
        final long firstMinute;
        final long lastMinute;
        final int limit;
        final String pageToken;
        final String rawStart;
        final String rawEnd;

        private BarsQuery(TreeSet<String> symbols, String rawStart, String rawEnd, long firstMinute, long lastMinute,
                          int limit, String pageToken) {
            this.symbols = symbols;
            this.rawStart = rawStart;
            this.rawEnd = rawEnd;
            this.firstMinute = firstMinute;
            this.lastMinute = lastMinute;
            this.limit = limit;
            this.pageToken = pageToken;
        }

        static BarsQuery parse(URI uri) {
            Map<String, String> p = query(uri);
            String syms = p.get("symbols");
            if (syms == null || syms.isBlank()) {
                throw new IllegalArgumentException("symbols is required");
            }
            TreeSet<String> symbols = new TreeSet<>(Arrays.asList(syms.split(",")));
            if (!"1Min".equals(p.getOrDefault("timeframe", ""))) {
                throw new IllegalArgumentException("this simulator serves timeframe=1Min only");
            }
            Instant start = time("start", p.get("start"));
            Instant end = p.containsKey("end") ? time("end", p.get("end")) : Instant.now();
            if (end.isBefore(start)) {
                throw new IllegalArgumentException("end is before start");
            }
            int limit = DEFAULT_LIMIT;
            if (p.containsKey("limit")) {
                try {
                    limit = Integer.parseInt(p.get("limit"));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("invalid limit");
                }
                if (limit < 1 || limit > MAX_LIMIT) {
                    throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
                }
            }
            long first = SyntheticBars.ceilMinute(start);
            long last = Math.floorDiv(end.getEpochSecond(), 60);   // end is inclusive, as at Alpaca
            String token = p.get("page_token");
            return new BarsQuery(symbols, p.get("start"), p.get("end"), first, last, limit,
                    token == null || token.isEmpty() ? null : token);
        }

        int fingerprint() {
            return (String.join(",", symbols) + "|" + rawStart + "|" + rawEnd + "|" + limit).hashCode();
        }

        private static Instant time(String name, String value) {
            if (value == null) {
                throw new IllegalArgumentException(name + " is required");
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("invalid " + name + ": " + value);
            }
        }
    }
}
