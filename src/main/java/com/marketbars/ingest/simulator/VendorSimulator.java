package com.marketbars.ingest.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.model.Timestamps;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A vendor server on loopback serving {@link SyntheticBars} with real pagination, enforced sliding-window quotas and
 * injectable faults, in three protocols ({@link VendorEndpoint}):
 * <ul>
 *   <li>Alpaca stocks, {@code GET /v2/stocks/bars}, and Alpaca crypto, {@code GET /v1beta3/crypto/us/bars} (no keys
 *       needed): one Alpaca account, one quota with {@code X-RateLimit-*} headers;</li>
 *   <li>Massive aggregates, {@code GET /v2/aggs/ticker/{T}/range/1/{timespan}/{from}/{to}}, paged by {@code next_url},
 *       with an optional key (bearer header or {@code apiKey=}) and a quota of its own, answered 429 without any
 *       rate-limit header.</li>
 * </ul>
 * And the two vendors' asset lists, Alpaca's {@code GET /v2/assets} and Massive's {@code GET /v3/reference/tickers}
 * ({@link AssetListings}, {@link AssetCatalog}), for universes taken from the vendor.
 * <p>
 * Timeframes 1Min, 1Hour and 1Day everywhere (see {@link SyntheticBars} for how hour and day bars are made), either
 * sort order. Every fault of {@link SimulatorSettings} applies to every endpoint; its realism is read once per answer.
 * <p>
 * Control endpoints: {@code GET /sim/stats}, {@code GET /sim/config}, {@code POST /sim/config?key=value&...},
 * {@code POST /sim/reset} (zeroes the stats). Every request passes {@link SimulatorGuard} first: loopback names only,
 * no web page's; embedded in the ingest, the control endpoints need the console's token too.
 */
public final class VendorSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VendorSimulator.class);
    public static final int MAX_LIMIT = AlpacaBarsQuery.MAX_LIMIT;
    public static final int MASSIVE_MAX_LIMIT = MassiveAggsQuery.MAX_LIMIT;

    private final SimulatorSettings settings;
    private final SimulatorStats stats = new SimulatorStats();
    private final SlidingWindowQuota alpacaQuota = new SlidingWindowQuota();
    private final SlidingWindowQuota massiveQuota = new SlidingWindowQuota();
    private final AtomicLong requestIds = new AtomicLong();
    /**
     * Doubles written by Jackson's Schubfach writer: Double.toString was a fifth of the simulator's CPU in a backfill
     * benchmark, which it shares with the ingest on the same cores. Either writes a text that parses to the same double.
     * Prices are written as their decimal digits ({@link DecimalText}), the same text, faster still.
     */
    private final JsonFactory json = JsonFactory.builder().enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final RenderedPages rendered = new RenderedPages();
    private final AssetListings assets = new AssetListings();
    private final HttpServer server;
    private final ExecutorService executor;
    private final SimulatorGuard guard;
    private SplittableRandom faults;
    /** A roll of its own, so that queueing leaves the other faults' rolls as they were for a seed. */
    private SplittableRandom queueing;

    public VendorSimulator(int port, SimulatorSettings settings) throws IOException {
        this(port, settings, null);
    }

    /** @param adminAuthorization null when run alone; embedded, whether an Authorization value carries the console's token */
    private VendorSimulator(int port, SimulatorSettings settings, Predicate<String> adminAuthorization) throws IOException {
        this.settings = settings;
        this.guard = new SimulatorGuard(adminAuthorization);
        this.faults = new SplittableRandom(settings.seed);
        this.queueing = new SplittableRandom(settings.seed + 1);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vendor-simulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        for (VendorEndpoint endpoint : VendorEndpoint.values()) {
            server.createContext(endpoint.path(), ex -> handleBars(ex, endpoint));
        }
        server.createContext(AssetListings.ALPACA_PATH, ex -> handleAssets(ex, VendorEndpoint.ALPACA_STOCKS));
        server.createContext(AssetListings.MASSIVE_PATH, ex -> handleAssets(ex, VendorEndpoint.MASSIVE_STOCKS));
        server.createContext(GroupedDaily.PREFIX, ex -> handleBars(ex, VendorEndpoint.MASSIVE_STOCKS));
        server.createContext("/sim/", this::handleControl);
    }

    public static VendorSimulator start(int port, SimulatorSettings settings) throws IOException {
        return started(new VendorSimulator(port, settings));
    }

    /**
     * The simulator inside the ingest ({@code ingest.vendor.url=embedded}), on a free port: its control endpoints ask
     * for the console's token ({@code adminAuthorization} tells whether an Authorization header's value carries it).
     */
    public static VendorSimulator startEmbedded(SimulatorSettings settings, Predicate<String> adminAuthorization) throws IOException {
        return started(new VendorSimulator(0, settings, adminAuthorization));
    }

    private static VendorSimulator started(VendorSimulator s) {
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

    /** Alpaca pages kept pre-rendered now (the {@code pageCache} setting). */
    int pagesKept() {
        return rendered.size();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handleBars(HttpExchange ex, VendorEndpoint endpoint) throws IOException {
        try (ex) {
            if (guard.refused(ex, false)) {
                return;
            }
            stats.request(endpoint);
            if (!"GET".equals(ex.getRequestMethod())) {
                reply(ex, 405, error(endpoint, "method not allowed"));
                return;
            }
            String rawPath = ex.getRequestURI().getRawPath();
            boolean grouped = endpoint == VendorEndpoint.MASSIVE_STOCKS && GroupedDaily.isGroupedPath(rawPath);
            if (endpoint == VendorEndpoint.MASSIVE_STOCKS && !grouped && !MassiveAggsQuery.isAggregatesPath(rawPath)) {
                reply(ex, 404, error(endpoint, "not found"));
                return;
            }
            sleep(latency() + coldLatency(endpoint, ex.getRequestURI()));
            if (settings.queueRate > 0) {
                double queued;
                synchronized (this) {
                    queued = queueing.nextDouble();
                }
                if (queued < settings.queueRate) {
                    sleep(settings.queueMillis);   // in the gateway's queue: counted when it leaves, below
                }
            }
            if (!authorized(ex, endpoint)) {
                return;
            }
            if (!admit(ex, endpoint)) {
                return;
            }
            double dice;
            synchronized (this) {
                dice = faults.nextDouble();
            }
            if (settings.outage) {
                reply(ex, 503, error(endpoint, "service unavailable (simulated outage)"));
                return;
            }
            // one roll per request selects at most one fault, so the configured rates are what is observed
            double p = settings.hangRate;
            if (dice < p) {
                sleep(settings.hangMillis);
                reply(ex, 504, error(endpoint, "gateway timeout (simulated hang)"));
                return;
            }
            if (dice < (p += settings.errorRate)) {
                reply(ex, 503, error(endpoint, "service unavailable (simulated)"));
                return;
            }
            if (dice < (p += settings.rateLimitRate)) {
                if (endpoint.account() == VendorEndpoint.Account.ALPACA) {
                    ex.getResponseHeaders().set("Retry-After", settings.fractionalRetryAfter ? "1.5" : "1");
                }
                reply(ex, 429, error(endpoint, "too many requests (simulated storm)"));
                return;
            }
            boolean truncate = dice < p + settings.truncateRate;
            if (grouped) {
                byte[] body;
                try {
                    body = groupedPage(GroupedDaily.date(rawPath), ex.getRequestURI(), settings.realism());
                } catch (IllegalArgumentException badDate) {
                    reply(ex, 400, error(endpoint, badDate.getMessage()));
                    return;
                }
                reply(ex, 200, truncate ? Arrays.copyOf(body, body.length / 2) : body);
                return;
            }
            BarsQuery q;
            try {
                q = BarsQuery.parse(endpoint, ex.getRequestURI());
            } catch (IllegalArgumentException bad) {
                reply(ex, 400, error(endpoint, bad.getMessage()));
                return;
            }
            if (q.descending && !settings.sortDesc) {
                reply(ex, 400, error(endpoint, "invalid sort 'desc': this simulator is set to serve sort=asc only"));
                return;
            }
            String failing = settings.failingSymbol;
            if (failing != null && q.symbols.contains(failing)) {
                reply(ex, 400, error(endpoint, "invalid symbol: " + failing));
                return;
            }
            byte[] body;
            try {
                Realism realism = settings.realism();
                body = q instanceof MassiveAggsQuery m ? massivePage(m, realism)
                        : alpacaPage(endpoint, (AlpacaBarsQuery) q, ex.getRequestURI().getRawQuery(), realism);
            } catch (IllegalArgumentException badToken) {
                reply(ex, 400, error(endpoint, badToken.getMessage()));
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
     * The asset lists ({@link AssetListings}): the account's keys and quota as its bars endpoints ({@code endpoint}
     * stands for the account: Alpaca's trading API takes the same keys), {@code assetsOutage} as their own outage. No
     * other fault applies: they are for testing how a universe is kept, not the bars' pipeline.
     */
    private void handleAssets(HttpExchange ex, VendorEndpoint endpoint) throws IOException {
        try (ex) {
            if (guard.refused(ex, false)) {
                return;
            }
            stats.assetListRequest(endpoint.account());
            if (!"GET".equals(ex.getRequestMethod())) {
                reply(ex, 405, error(endpoint, "method not allowed"));
                return;
            }
            sleep(latency());
            if (!authorized(ex, endpoint) || !admit(ex, endpoint)) {
                return;
            }
            if (settings.assetsOutage) {
                reply(ex, 503, error(endpoint, "service unavailable (simulated outage of the asset list)"));
                return;
            }
            byte[] body;
            try {
                body = endpoint == VendorEndpoint.MASSIVE_STOCKS
                        ? assets.massive(settings, ex.getRequestURI(), baseUrl(), requestId())
                        : assets.alpaca(settings, ex.getRequestURI());
            } catch (IllegalArgumentException bad) {
                reply(ex, endpoint == VendorEndpoint.MASSIVE_STOCKS ? 400 : 422, error(endpoint, bad.getMessage()));
                return;
            }
            reply(ex, 200, body);
        } catch (RuntimeException | IOException e) {
            LOG.debug("simulator request ended early: {}", e.toString());
        }
    }

    /**
     * Alpaca stocks: when {@code requiredKeyId} is set, 403 without that APCA-API-KEY-ID. Alpaca crypto needs no key.
     * Massive: when {@code massiveRequiredKey} is set, 401 without {@code Authorization: Bearer <it>} or, while
     * {@code massiveApiKeyParam} is on, {@code ?apiKey=<it>}: Massive takes either, and its own JS client sends only the
     * query parameter (also appended to each {@code next_url} it follows).
     */
    private boolean authorized(HttpExchange ex, VendorEndpoint endpoint) throws IOException {
        switch (endpoint) {
            case ALPACA_STOCKS -> {
                String requiredKey = settings.requiredKeyId;
                if (requiredKey != null && !requiredKey.equals(ex.getRequestHeaders().getFirst("APCA-API-KEY-ID"))) {
                    reply(ex, 403, error(endpoint, "forbidden: missing or wrong APCA-API-KEY-ID"));
                    return false;
                }
            }
            case MASSIVE_STOCKS -> {
                String requiredKey = settings.massiveRequiredKey;
                if (requiredKey != null) {
                    String auth = ex.getRequestHeaders().getFirst("Authorization");
                    String param = settings.massiveApiKeyParam ? BarsQuery.query(ex.getRequestURI()).get("apiKey") : null;
                    boolean hasHeader = auth != null && !auth.isBlank();
                    boolean hasParam = param != null && !param.isEmpty();
                    if (!hasHeader && !hasParam) {
                        reply(ex, 401, error(endpoint, "API Key was not provided"));
                        return false;
                    }
                    boolean bearer = hasHeader && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                            && requiredKey.equals(auth.substring(7).trim());
                    if (!bearer && !requiredKey.equals(param)) {
                        reply(ex, 401, error(endpoint, "Unknown API Key"));
                        return false;
                    }
                }
            }
            case ALPACA_CRYPTO -> {
                // Alpaca serves crypto bars without keys
            }
        }
        return true;
    }

    /**
     * Sliding-window quota of the endpoint's account, counted at arrival: a request beyond the limit is a violation,
     * answered 429. Alpaca: quotaRequests per quotaPeriodMillis plus any limit of extraQuota (vendors publish several
     * at once), with Retry-After (while fractionalRetryAfter is on, the exact wait with a fraction, "59.734", which
     * HTTP's grammar lacks but servers send; else whole seconds rounded up), and X-RateLimit headers that speak of the
     * first limit only, as real vendors' headers speak of one. Massive: massiveQuotaRequests per massiveQuotaPeriodMillis, and no header at all, as Massive.
     */
    private boolean admit(HttpExchange ex, VendorEndpoint endpoint) throws IOException {
        boolean alpaca = endpoint.account() == VendorEndpoint.Account.ALPACA;
        int quota = alpaca ? settings.quotaRequests : settings.massiveQuotaRequests;
        long period = alpaca ? settings.quotaPeriodMillis : settings.massiveQuotaPeriodMillis;
        List<long[]> extra = alpaca ? settings.extraLimits() : List.of();   // {requests, periodMillis}
        long now = System.nanoTime() / 1_000_000;
        SlidingWindowQuota.Admission a = (alpaca ? alpacaQuota : massiveQuota).admit(quota, period, extra, now);
        if (!a.admitted()) {
            stats.violation(endpoint);
            if (alpaca) {
                ex.getResponseHeaders().set("Retry-After", settings.fractionalRetryAfter
                        ? java.math.BigDecimal.valueOf(Math.max(1, a.waitMillis()), 3).stripTrailingZeros().toPlainString()
                        : String.valueOf(Math.max(1, (a.waitMillis() + 999) / 1000)));
                if (quota > 0) {
                    ex.getResponseHeaders().set("X-RateLimit-Limit", String.valueOf(quota));
                }
                ex.getResponseHeaders().set("X-RateLimit-Remaining", "0");
                ex.getResponseHeaders().set("X-RateLimit-Reset", String.valueOf((System.currentTimeMillis() + a.waitMillis() + 999) / 1000));
                reply(ex, 429, error(endpoint, "too many requests"));
            } else {
                reply(ex, 429, error(endpoint, "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue."));
            }
            return false;
        }
        if (alpaca && quota > 0) {
            ex.getResponseHeaders().set("X-RateLimit-Limit", String.valueOf(quota));
            ex.getResponseHeaders().set("X-RateLimit-Remaining", String.valueOf(a.remaining()));
            ex.getResponseHeaders().set("X-RateLimit-Reset", String.valueOf((System.currentTimeMillis() + a.resetInMillis() + 999) / 1000));
        }
        return true;
    }

    /** An Alpaca page, from {@link RenderedPages} when the {@code pageCache} setting keeps pages and has this one. */
    private byte[] alpacaPage(VendorEndpoint endpoint, AlpacaBarsQuery q, String rawQuery, Realism realism) throws IOException {
        int capacity = settings.pageCache;
        // the settings that shape an answer, read once: the key and the page are of the same ones
        long seed = settings.seed;
        double malformed = settings.malformedRate;
        int revision = settings.revision;
        if (capacity == 0) {
            rendered.clear();
            return renderAlpacaPage(endpoint, q, seed, malformed, revision, realism).body();
        }
        // the query's resolved range, not only its text: a request without an end runs to the simulator's now
        // a renamed field is part of what the page is (null while none is)
        String key = RenderedPages.key(endpoint, rawQuery + "@" + q.firstMinute + "-" + q.lastMinute + "~" + settings.renamedField, seed, malformed, revision, realism);
        RenderedPages.Page page = rendered.get(key);
        if (page != null) {
            stats.served(endpoint, page.bars());
            return page.body();
        }
        page = renderAlpacaPage(endpoint, q, seed, malformed, revision, realism);
        rendered.put(key, page, capacity);
        return page.body();
    }

    /**
     * One page of an Alpaca bars answer: symbols ascending, then time (newest first for {@code sort=desc}); at most
     * {@code limit} bars across symbols.
     */
    private RenderedPages.Page renderAlpacaPage(VendorEndpoint endpoint, AlpacaBarsQuery q, long seed, double malformed,
                                                int revision, Realism realism) throws IOException {
        List<String> symbols = q.symbols;
        long[] position = q.position();
        int symbolIndex = (int) position[0];
        long minute = position[1];
        long stride = q.stride();
        Timeframe timeframe = q.timeframe;
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64 * 1024);
        int written = 0;
        String nextToken = null;
        DecimalText numbers = new DecimalText();
        try (JsonGenerator g = json.createGenerator(buf)) {
            g.writeStartObject();
            g.writeObjectFieldStart("bars");
            outer:
            for (; symbolIndex < symbols.size(); symbolIndex++, minute = q.beginning()) {
                String sym = symbols.get(symbolIndex);
                boolean opened = false;
                for (; q.inRange(minute); minute += stride) {
                    Bar bar = SyntheticBars.bar(realism, endpoint, sym, timeframe, minute, revision);
                    if (bar == null) {
                        continue;
                    }
                    if (written == q.limit) {
                        nextToken = q.tokenAt(symbolIndex, minute);
                        if (opened) {
                            g.writeEndArray();
                        }
                        break outer;
                    }
                    if (!opened) {
                        g.writeArrayFieldStart(sym);
                        opened = true;
                    }
                    writeBar(g, numbers, bar, SyntheticBars.corruption(endpoint, sym, timeframe, minute, seed, malformed), false);
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
        stats.served(endpoint, written);
        return new RenderedPages.Page(buf.toByteArray(), written);
    }

    /**
     * One page of a Massive aggregates answer, as Massive shapes it: no {@code results} when there are none, and a
     * {@code next_url} (this server, the same path, a cursor, never a key) only when more bars follow.
     */
    private byte[] massivePage(MassiveAggsQuery q, Realism realism) throws IOException {
        VendorEndpoint endpoint = VendorEndpoint.MASSIVE_STOCKS;
        double malformed = settings.malformedRate;
        long seed = settings.seed;
        int revision = settings.revision;
        List<Bar> bars = new ArrayList<>();
        List<Long> starts = new ArrayList<>();   // each bar's interval start: a day bar's stamp is not its UTC day's
        String nextUrl = null;
        for (long minute = q.resumeMinute; q.inRange(minute); minute += q.stride()) {
            Bar bar = SyntheticBars.bar(realism, endpoint, q.ticker, q.timeframe, minute, revision);
            if (bar == null) {
                continue;
            }
            if (bars.size() == q.limit) {
                nextUrl = baseUrl() + q.rawPath + "?cursor=" + q.cursorAt(minute);
                break;
            }
            if (q.timeframe == Timeframe.ONE_DAY) {
                bar = new Bar(bar.symbol(), Instant.ofEpochMilli(MassiveAggsQuery.dayStampMillis(minute)), bar.open(), bar.high(),
                        bar.low(), bar.close(), bar.volume(), bar.tradeCount(), bar.vwap());
            }
            bars.add(bar);
            starts.add(minute);
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64 * 1024);
        DecimalText numbers = new DecimalText();
        try (JsonGenerator g = json.createGenerator(buf)) {
            g.writeStartObject();
            g.writeStringField("ticker", q.ticker);
            g.writeNumberField("queryCount", bars.size());
            g.writeNumberField("resultsCount", bars.size());
            g.writeBooleanField("adjusted", q.adjusted);
            if (!bars.isEmpty()) {
                g.writeArrayFieldStart("results");
                for (int i = 0; i < bars.size(); i++) {
                    writeBar(g, numbers, bars.get(i), SyntheticBars.corruption(endpoint, q.ticker, q.timeframe, starts.get(i), seed, malformed), true);
                }
                g.writeEndArray();
            }
            g.writeStringField("status", "OK");
            g.writeStringField("request_id", requestId());
            g.writeNumberField("count", bars.size());
            if (nextUrl != null) {
                g.writeStringField("next_url", nextUrl);
            }
            g.writeEndObject();
        }
        stats.served(endpoint, bars.size());
        return buf.toByteArray();
    }

    /** A grouped-daily answer, as Massive shapes it: every ticker of the market with a bar that date, no paging. */
    private byte[] groupedPage(java.time.LocalDate date, java.net.URI uri, Realism realism) throws IOException {
        VendorEndpoint endpoint = VendorEndpoint.MASSIVE_STOCKS;
        List<Bar> bars = GroupedDaily.bars(realism, settings.groupedMarket(), date, settings.revision);
        double malformed = settings.malformedRate;
        long seed = settings.seed;
        ByteArrayOutputStream buf = new ByteArrayOutputStream(bars.size() * 140 + 256);
        DecimalText numbers = new DecimalText();
        try (JsonGenerator g = json.createGenerator(buf)) {
            g.writeStartObject();
            g.writeNumberField("queryCount", bars.size());
            g.writeNumberField("resultsCount", bars.size());
            g.writeBooleanField("adjusted", "true".equals(BarsQuery.query(uri).get("adjusted")));
            if (!bars.isEmpty()) {
                g.writeArrayFieldStart("results");
                long dayStartMinute = date.toEpochDay() * 1440;
                for (Bar bar : bars) {
                    writeBar(g, numbers, bar, SyntheticBars.corruption(endpoint, bar.symbol(), Timeframe.ONE_DAY, dayStartMinute, seed, malformed),
                            true, bar.symbol());
                }
                g.writeEndArray();
            }
            g.writeStringField("status", "OK");
            g.writeStringField("request_id", requestId());
            g.writeNumberField("count", bars.size());
            g.writeEndObject();
        }
        stats.served(endpoint, bars.size());
        return buf.toByteArray();
    }

    private void writeBar(JsonGenerator g, DecimalText numbers, Bar b, int corruption, boolean epochMillis) throws IOException {
        writeBar(g, numbers, b, corruption, epochMillis, null);
    }

    /**
     * @param corruption see {@link SyntheticBars#corruption}; -1 writes the bar as it is
     * @param epochMillis {@code t} as epoch milliseconds (Massive) rather than RFC 3339 (Alpaca)
     * @param ticker      written as {@code T} (a grouped-daily result), or null
     */
    private void writeBar(JsonGenerator g, DecimalText numbers, Bar b, int corruption, boolean epochMillis, String ticker) throws IOException {
        if (corruption >= 0) {
            stats.malformedBars.incrementAndGet();
        }
        String renamed = settings.renamedField;   // read once a bar: null unless a test breaks the contract
        g.writeStartObject();
        if (ticker != null) {
            g.writeStringField("T", ticker);   // grouped daily: whose bar it is
        }
        if (epochMillis) {
            g.writeNumberField(field("t", renamed), b.ts().toEpochMilli());
        } else {
            g.writeStringField(field("t", renamed), Timestamps.text(b.ts()));   // the general formatter was a tenth of its CPU
        }
        if (corruption == 1) {
            g.writeStringField(field("o", renamed), "NaN");
        } else {
            writePrice(g, numbers, field("o", renamed), b.open());
        }
        if (corruption == 2) {           // high below low
            writePrice(g, numbers, field("h", renamed), b.low() - 1);
            writePrice(g, numbers, field("l", renamed), b.high() + 1);
        } else {
            writePrice(g, numbers, field("h", renamed), b.high());
            writePrice(g, numbers, field("l", renamed), b.low());
        }
        if (corruption != 0) {           // 0: the close is missing
            writePrice(g, numbers, field("c", renamed), b.close());
        }
        writeVolume(g, field("v", renamed), corruption == 3 ? b.volume().negate() : b.volume());
        if (b.tradeCount() != null) {    // n and vw are sent "when provided"
            g.writeNumberField(field("n", renamed), b.tradeCount());
        }
        if (b.vwap() != null) {
            writePrice(g, numbers, field("vw", renamed), b.vwap());
        }
        g.writeEndObject();
    }

    /** The name a bar's field goes by: its own, or the new one while {@code renamedField} ("FROM>TO") renames it. */
    private static String field(String name, String renamed) {
        if (renamed == null || !renamed.startsWith(name) || renamed.charAt(name.length()) != '>') {
            return name;
        }
        return renamed.substring(name.length() + 1);
    }

    /**
     * A volume as its plain decimal text: a whole one as a long (no BigDecimal text on the hot path), a fraction in
     * full ({@code 0.000000012}, never {@code 1.2E-8}, which BigDecimal's own text would be).
     */
    private static void writeVolume(JsonGenerator g, String name, java.math.BigDecimal volume) throws IOException {
        g.writeFieldName(name);
        if (volume.scale() == 0 && volume.precision() <= 18) {
            g.writeNumber(volume.longValue());
        } else {
            g.writeNumber(volume.toPlainString());
        }
    }

    private static void writePrice(JsonGenerator g, DecimalText numbers, String field, double value) throws IOException {
        g.writeFieldName(field);
        numbers.write(g, value);
    }

    private void handleControl(HttpExchange ex) throws IOException {
        try (ex) {
            if (guard.refused(ex, true)) {
                return;
            }
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
                        BarsQuery.query(ex.getRequestURI()).forEach(settings::set);
                        synchronized (this) {
                            faults = new SplittableRandom(settings.seed);
                            queueing = new SplittableRandom(settings.seed + 1);
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
    private long coldLatency(VendorEndpoint endpoint, URI uri) {
        java.time.Instant cold = settings.coldBefore;
        if (cold == null || settings.coldLatencyMillis <= 0) {
            return 0;
        }
        try {
            return BarsQuery.parse(endpoint, uri).firstMinute < cold.getEpochSecond() / 60 ? settings.coldLatencyMillis : 0;
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

    private String requestId() {
        return String.format("%032x", requestIds.incrementAndGet());
    }

    /** An error body in the endpoint's shape: Alpaca {@code {"message"}}, Massive {@code {"status","request_id","error"}}. */
    private byte[] error(VendorEndpoint endpoint, String message) throws IOException {
        if (endpoint == VendorEndpoint.MASSIVE_STOCKS) {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("status", "ERROR");
            body.put("request_id", requestId());
            body.put("error", message);
            return mapper.writeValueAsBytes(body);
        }
        return error(message);
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
}
