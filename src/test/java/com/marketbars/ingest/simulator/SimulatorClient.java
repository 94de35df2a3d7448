package com.marketbars.ingest.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.model.Bar;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Real HTTP on loopback to a {@link VendorSimulator}, and readers of its two body shapes, for the protocol specs. */
final class SimulatorClient {
    /** Fractions as BigDecimal: a crypto volume is read exactly, as the ingest reads it (from the number's own text). */
    static final ObjectMapper JSON = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final VendorSimulator sim;

    SimulatorClient(VendorSimulator sim) {
        this.sim = sim;
    }

    /** GET of a path and query on the simulator, with headers as name, value, name, value... */
    HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        return getUrl(sim.baseUrl() + pathAndQuery, headers);
    }

    HttpResponse<String> getUrl(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    /** The bars of an Alpaca body in the order the vendor sent them. */
    static List<Bar> alpacaBars(JsonNode body) {
        List<Bar> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> symbols = body.get("bars").fields();
        while (symbols.hasNext()) {
            Map.Entry<String, JsonNode> e = symbols.next();
            for (JsonNode b : e.getValue()) {
                out.add(bar(e.getKey(), Instant.parse(b.get("t").asText()), b));
            }
        }
        return out;
    }

    /** The bars of a Massive body in the order the vendor sent them (none when it has no {@code results}). */
    static List<Bar> massiveBars(JsonNode body) {
        List<Bar> out = new ArrayList<>();
        JsonNode results = body.get("results");
        if (results != null) {
            for (JsonNode b : results) {
                out.add(bar(body.get("ticker").asText(), Instant.ofEpochMilli(b.get("t").asLong()), b));
            }
        }
        return out;
    }

    /** One bar of either body; {@code n} and {@code vw} are null when absent (both vendors send them "when provided"). */
    static Bar bar(String symbol, Instant t, JsonNode b) {
        return new Bar(symbol, t, b.get("o").asDouble(), b.get("h").asDouble(), b.get("l").asDouble(),
                b.get("c").asDouble(), b.get("v").decimalValue(), b.has("n") ? (Long) b.get("n").asLong() : null,
                b.has("vw") ? (Double) b.get("vw").asDouble() : null);
    }

    /** An Alpaca body's next_page_token, null when absent, null or empty. */
    static String nextToken(JsonNode body) {
        JsonNode t = body.get("next_page_token");
        return t == null || t.isNull() || t.asText().isEmpty() ? null : t.asText();
    }

    /**
     * Minute bars folded into bars of {@code intervalSeconds}, computed here independently of {@link SyntheticBars}:
     * the oracle the hour and day specs hold the served bars to.
     */
    static List<Bar> fold(List<Bar> minutes, long intervalSeconds) {
        Map<String, Map<Long, List<Bar>>> groups = new java.util.TreeMap<>();
        for (Bar b : minutes) {
            long start = Math.floorDiv(b.ts().getEpochSecond(), intervalSeconds) * intervalSeconds;
            groups.computeIfAbsent(b.symbol(), k -> new java.util.TreeMap<>()).computeIfAbsent(start, k -> new ArrayList<>()).add(b);
        }
        List<Bar> out = new ArrayList<>();
        groups.forEach((symbol, byStart) -> byStart.forEach((start, bars) -> {
            java.math.BigDecimal volume = bars.stream().map(Bar::volume).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
            // n and vw of the minutes that have them; absent when no minute has
            List<Bar> counted = bars.stream().filter(b -> b.tradeCount() != null).toList();
            List<Bar> weighted = bars.stream().filter(b -> b.vwap() != null).toList();
            double notional = 0;
            for (Bar b : weighted) {   // in time order, as a plain sum (DoubleStream.sum compensates, which may differ in the last bit)
                notional += b.vwap() * b.volume().doubleValue();
            }
            double weight = weighted.stream().map(Bar::volume).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add).doubleValue();
            out.add(new Bar(symbol, Instant.ofEpochSecond(start), bars.get(0).open(),
                    bars.stream().mapToDouble(Bar::high).max().orElseThrow(),
                    bars.stream().mapToDouble(Bar::low).min().orElseThrow(),
                    bars.get(bars.size() - 1).close(), volume,
                    counted.isEmpty() ? null : (Long) counted.stream().mapToLong(Bar::tradeCount).sum(),
                    weighted.isEmpty() ? null : (Double) (Math.round(notional / weight * 10_000) / 10_000.0)));
        }));
        return out;
    }
}
