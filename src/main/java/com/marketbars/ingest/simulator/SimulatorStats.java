package com.marketbars.ingest.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulator has served: the numbers tests and benchmarks judge the client by, in total and per
 * {@link VendorEndpoint} (so a test of several feeds can judge each feed's requests against its floor).
 */
public final class SimulatorStats {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong quotaViolations = new AtomicLong();
    final AtomicLong barsServed = new AtomicLong();
    final AtomicLong malformedBars = new AtomicLong();
    final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    /** When quota violations happened (epoch millis), the first 10,000: benchmarks check they cluster at a change. */
    final java.util.Queue<Long> violationTimes = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Requests, bars served and quota violations of one endpoint. */
    private static final class EndpointCounts {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong barsServed = new AtomicLong();
        final AtomicLong quotaViolations = new AtomicLong();
    }

    private final Map<VendorEndpoint, EndpointCounts> byEndpoint = new java.util.EnumMap<>(VendorEndpoint.class);

    {
        for (VendorEndpoint e : VendorEndpoint.values()) {
            byEndpoint.put(e, new EndpointCounts());
        }
    }

    /** Requests of the asset lists, per account (they spend its quota, but serve no bars). */
    private final Map<VendorEndpoint.Account, AtomicLong> assetListRequests = new java.util.EnumMap<>(Map.of(
            VendorEndpoint.Account.ALPACA, new AtomicLong(), VendorEndpoint.Account.MASSIVE, new AtomicLong()));

    void assetListRequest(VendorEndpoint.Account account) {
        requests.incrementAndGet();
        assetListRequests.get(account).incrementAndGet();
    }

    /** Requests of the account's asset list ({@code /v2/assets} or {@code /v3/reference/tickers}). */
    public long assetListRequests(VendorEndpoint.Account account) {
        return assetListRequests.get(account).get();
    }

    void request(VendorEndpoint endpoint) {
        requests.incrementAndGet();
        byEndpoint.get(endpoint).requests.incrementAndGet();
    }

    void served(VendorEndpoint endpoint, long bars) {
        barsServed.addAndGet(bars);
        byEndpoint.get(endpoint).barsServed.addAndGet(bars);
    }

    void violation(VendorEndpoint endpoint) {
        byEndpoint.get(endpoint).quotaViolations.incrementAndGet();
        quotaViolations.incrementAndGet();
        if (violationTimes.size() < 10_000) {
            violationTimes.add(System.currentTimeMillis());
        }
    }

    public java.util.List<Long> violationTimes() {
        return java.util.List.copyOf(violationTimes);
    }

    void status(int code) {
        statuses.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
    }

    public long requests() {
        return requests.get();
    }

    public long quotaViolations() {
        return quotaViolations.get();
    }

    public long barsServed() {
        return barsServed.get();
    }

    public long requests(VendorEndpoint endpoint) {
        return byEndpoint.get(endpoint).requests.get();
    }

    public long barsServed(VendorEndpoint endpoint) {
        return byEndpoint.get(endpoint).barsServed.get();
    }

    public long quotaViolations(VendorEndpoint endpoint) {
        return byEndpoint.get(endpoint).quotaViolations.get();
    }

    public long malformedBars() {
        return malformedBars.get();
    }


    public long count(int statusCode) {
        AtomicLong n = statuses.get(statusCode);
        return n == null ? 0 : n.get();
    }

    public void reset() {
        requests.set(0);
        quotaViolations.set(0);
        violationTimes.clear();
        barsServed.set(0);
        malformedBars.set(0);
        statuses.clear();
        assetListRequests.values().forEach(c -> c.set(0));
        byEndpoint.values().forEach(c -> {
            c.requests.set(0);
            c.barsServed.set(0);
            c.quotaViolations.set(0);
        });
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", requests.get());
        m.put("quotaViolations", quotaViolations.get());
        m.put("barsServed", barsServed.get());
        m.put("malformedBars", malformedBars.get());
        Map<String, Long> s = new java.util.TreeMap<>();
        statuses.forEach((k, v) -> s.put(String.valueOf(k), v.get()));
        m.put("statuses", s);
        m.put("assetListRequests", Map.of("alpaca", assetListRequests(VendorEndpoint.Account.ALPACA),
                "massive", assetListRequests(VendorEndpoint.Account.MASSIVE)));
        Map<String, Object> endpoints = new LinkedHashMap<>();
        byEndpoint.forEach((e, c) -> endpoints.put(e.name(), Map.of(
                "requests", c.requests.get(), "barsServed", c.barsServed.get(), "quotaViolations", c.quotaViolations.get())));
        m.put("endpoints", endpoints);
        return m;
    }
}
