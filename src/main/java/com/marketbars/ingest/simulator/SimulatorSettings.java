package com.marketbars.ingest.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's behaviour: quotas, injected faults, and how closely it imitates the real vendors ({@link #realism()}
 * and the protocol knobs after it, each on by default but thin symbols and extended hours). The faults apply to every endpoint alike; the Alpaca
 * quota ({@code quotaRequests}, {@code quotaPeriodMillis}, {@code extraQuota}) is the one Alpaca account's, shared by
 * stocks and crypto; the Massive quota ({@code massiveQuota*}) is the Massive account's. Every field can be changed while it serves
 * ({@code POST /sim/config?key=value}), so a test or an operator can start an outage or halve the quota mid-run.
 * Rates are probabilities in [0, 1] per request (malformedRate: per bar).
 */
public final class SimulatorSettings {
    public volatile int quotaRequests = 0;          // 0 = no quota
    public volatile long quotaPeriodMillis = 60_000;
    public volatile String extraQuota = "";         // further limits enforced at once, e.g. "20/PT10S, 800/P1D"
    public volatile long latencyMillis = 0;
    public volatile long jitterMillis = 0;
    public volatile java.time.Instant coldBefore = null;   // requests starting before it come from "cold storage"...
    public volatile long coldLatencyMillis = 0;            // ...and answer this much later, as older history does at real vendors
    public volatile double errorRate = 0;           // 5xx answers
    public volatile double rateLimitRate = 0;       // spurious 429 answers (a vendor's "storm"), not counted as violations
    public volatile double hangRate = 0;            // requests held for hangMillis, past any sane client timeout
    public volatile long hangMillis = 30_000;
    // requests held in the vendor's gateway queue for queueMillis before they are counted and served: a client that
    // stops waiting first does not know when (or whether) the vendor counted them
    public volatile double queueRate = 0;
    public volatile long queueMillis = 2_000;
    public volatile double truncateRate = 0;        // bodies cut in half: invalid JSON
    public volatile double malformedRate = 0;       // per bar, decided by (seed, symbol, minute): a missing field, "NaN", high < low, negative volume
    public volatile String failingSymbol = null;    // any request naming it gets 400, like a delisted symbol
    public volatile String renamedField = null;     // "FROM>TO", e.g. "c>close": every bar carries field FROM as TO (a contract change)
    public volatile boolean outage = false;         // every bars request answers 503
    public volatile long seed = 42;
    public volatile String requiredKeyId = null;    // when set, a request without this APCA-API-KEY-ID gets 403
    public volatile int revision = 0;               // which revision of history is served (0 = original; see Revisions)
    public volatile int massiveQuotaRequests = 0;   // the Massive account's limit (0 = none; Massive's free plan: 5 per minute)
    public volatile long massiveQuotaPeriodMillis = 60_000;
    public volatile String massiveRequiredKey = null;   // when set, a Massive request without "Authorization: Bearer <it>" (or ?apiKey=<it>) gets 401
    public volatile int pageCache = 0;              // Alpaca pages kept pre-rendered, for benchmarks (see RenderedPages; 0 = none)
    // how closely the answers imitate the real vendors (issue 27): the ground truth's knobs (see Realism)...
    public volatile boolean fractionalCryptoVolumes = Realism.DEFAULT.fractionalCryptoVolumes();
    public volatile double absentFieldsRate = Realism.DEFAULT.absentFieldsRate();
    public volatile boolean nyseCalendar = Realism.DEFAULT.nyseCalendar();
    public volatile double thinShare = Realism.DEFAULT.thinShare();
    public volatile boolean extendedHours = Realism.DEFAULT.extendedHours();
    // ...and the protocol's
    public volatile boolean massiveApiKeyParam = true;   // a Massive key is accepted as ?apiKey= too, as Massive's own client sends it
    public volatile boolean sortDesc = true;             // sort=desc is served (newest first); off: 400, as this simulator used to
    public volatile boolean fractionalRetryAfter = true; // an Alpaca 429's Retry-After has a fraction ("1.5"); off: whole seconds
    // the asset lists (GET /v2/assets, GET /v3/reference/tickers; see AssetCatalog): changed between two refreshes, a
    // test lists and delists symbols
    public volatile int equityAssets = 600;          // US equities listed, inactive and non-tradable ones included (real lists: ~11,000 active)
    public volatile String listedAssets = "";        // further symbols listed (active, tradable, NASDAQ), e.g. "NEWCO,ZZZZ"
    public volatile String delistedAssets = "";      // symbols listed as inactive from now on, e.g. "AAPL,BTC/USD"
    public volatile boolean assetsOutage = false;    // the asset lists answer 503 (the bars endpoints are not affected)
    public volatile String groupedMarket = "";            // Massive grouped daily's tickers, comma list; empty: GroupedDaily.DEFAULT_MARKET

    /** Applies one key=value; the key names are the ones {@link #asMap()} reports. */
    public synchronized void set(String key, String value) {
        switch (key) {
            case "quotaRequests" -> quotaRequests = Integer.parseInt(value);
            case "quotaPeriodMillis" -> quotaPeriodMillis = Long.parseLong(value);
            case "extraQuota" -> extraQuota = parseExtra(value == null ? "" : value.trim()).isEmpty() ? "" : value.trim();
            case "latencyMillis" -> latencyMillis = Long.parseLong(value);
            case "jitterMillis" -> jitterMillis = Long.parseLong(value);
            case "coldBefore" -> coldBefore = value == null || value.isBlank() ? null : java.time.Instant.parse(value);
            case "coldLatencyMillis" -> coldLatencyMillis = Long.parseLong(value);
            case "errorRate" -> errorRate = rate(key, value);
            case "rateLimitRate" -> rateLimitRate = rate(key, value);
            case "hangRate" -> hangRate = rate(key, value);
            case "hangMillis" -> hangMillis = Long.parseLong(value);
            case "queueRate" -> queueRate = rate(key, value);
            case "queueMillis" -> queueMillis = Long.parseLong(value);
            case "truncateRate" -> truncateRate = rate(key, value);
            case "malformedRate" -> malformedRate = rate(key, value);
            case "failingSymbol" -> failingSymbol = value == null || value.isBlank() ? null : value;
            case "renamedField" -> renamedField = renamed(value);
            case "outage" -> outage = Boolean.parseBoolean(value);
            case "seed" -> seed = Long.parseLong(value);
            case "requiredKeyId" -> requiredKeyId = value == null || value.isBlank() ? null : value;
            case "revision" -> revision = nonNegative(key, Integer.parseInt(value));
            case "massiveQuotaRequests" -> massiveQuotaRequests = nonNegative(key, Integer.parseInt(value));
            case "massiveQuotaPeriodMillis" -> massiveQuotaPeriodMillis = Long.parseLong(value);
            case "massiveRequiredKey" -> massiveRequiredKey = value == null || value.isBlank() ? null : value;
            case "pageCache" -> pageCache = nonNegative(key, Integer.parseInt(value));
            case "fractionalCryptoVolumes" -> fractionalCryptoVolumes = bool(key, value);
            case "absentFieldsRate" -> absentFieldsRate = rate(key, value);
            case "nyseCalendar" -> nyseCalendar = bool(key, value);
            case "thinShare" -> thinShare = rate(key, value);
            case "extendedHours" -> extendedHours = bool(key, value);
            case "massiveApiKeyParam" -> massiveApiKeyParam = bool(key, value);
            case "sortDesc" -> sortDesc = bool(key, value);
            case "fractionalRetryAfter" -> fractionalRetryAfter = bool(key, value);
            case "equityAssets" -> equityAssets = nonNegative(key, Integer.parseInt(value));
            case "listedAssets" -> listedAssets = value == null ? "" : value.trim();
            case "delistedAssets" -> delistedAssets = value == null ? "" : value.trim();
            case "assetsOutage" -> assetsOutage = bool(key, value);
            case "groupedMarket" -> groupedMarket = value == null ? "" : value.trim();
            default -> throw new IllegalArgumentException("unknown simulator setting '" + key + "'; known: " + asMap().keySet());
        }
    }

    /** The tickers Massive's grouped daily answers for: the knob's, or the default market. */
    public List<String> groupedMarket() {
        String m = groupedMarket;
        return m.isEmpty() ? GroupedDaily.DEFAULT_MARKET : List.of(m.split("\\s*,\\s*"));
    }

    /** The ground truth's knobs as they are now: read once per answer, so that one answer is of one realism. */
    public Realism realism() {
        return new Realism(fractionalCryptoVolumes, absentFieldsRate, nyseCalendar, thinShare, extendedHours);
    }

    /** The extra limits as {requests, periodMillis}, e.g. "20/PT10S, 800/P1D". */
    public List<long[]> extraLimits() {
        return parseExtra(extraQuota);
    }

    private static List<long[]> parseExtra(String text) {
        List<long[]> out = new ArrayList<>();
        if (text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            String[] p = part.trim().split("/");
            if (p.length != 2) {
                throw new IllegalArgumentException("extraQuota: '" + part.trim() + "' is not REQUESTS/ISO-DURATION");
            }
            out.add(new long[]{Long.parseLong(p[0].trim()), Duration.parse(p[1].trim()).toMillis()});
        }
        return out;
    }

    /** "FROM>TO" (a bar field and its new name), or null for none. */
    private static String renamed(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        int arrow = v.indexOf('>');
        if (arrow <= 0 || arrow == v.length() - 1) {
            throw new IllegalArgumentException("renamedField: '" + v + "' is not FROM>TO, such as c>close");
        }
        return v;
    }

    private static int nonNegative(String key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(key + " must be 0 or more, got " + value);
        }
        return value;
    }

    /** Strictly true or false: a typo must not silently turn a knob off. */
    private static boolean bool(String key, String value) {
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(key + " must be true or false, got " + value);
    }

    private static double rate(String key, String value) {
        double d = Double.parseDouble(value);
        if (!(d >= 0 && d <= 1)) {
            throw new IllegalArgumentException(key + " must be a probability in [0, 1], got " + value);
        }
        return d;
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quotaRequests", quotaRequests);
        m.put("quotaPeriodMillis", quotaPeriodMillis);
        m.put("extraQuota", extraQuota);
        m.put("latencyMillis", latencyMillis);
        m.put("jitterMillis", jitterMillis);
        m.put("coldBefore", coldBefore);
        m.put("coldLatencyMillis", coldLatencyMillis);
        m.put("errorRate", errorRate);
        m.put("rateLimitRate", rateLimitRate);
        m.put("hangRate", hangRate);
        m.put("hangMillis", hangMillis);
        m.put("queueRate", queueRate);
        m.put("queueMillis", queueMillis);
        m.put("truncateRate", truncateRate);
        m.put("malformedRate", malformedRate);
        m.put("failingSymbol", failingSymbol);
        m.put("renamedField", renamedField);
        m.put("outage", outage);
        m.put("seed", seed);
        m.put("requiredKeyId", requiredKeyId == null ? null : "(set)");
        m.put("revision", revision);
        m.put("massiveQuotaRequests", massiveQuotaRequests);
        m.put("massiveQuotaPeriodMillis", massiveQuotaPeriodMillis);
        m.put("massiveRequiredKey", massiveRequiredKey == null ? null : "(set)");
        m.put("pageCache", pageCache);
        m.put("fractionalCryptoVolumes", fractionalCryptoVolumes);
        m.put("absentFieldsRate", absentFieldsRate);
        m.put("nyseCalendar", nyseCalendar);
        m.put("thinShare", thinShare);
        m.put("extendedHours", extendedHours);
        m.put("massiveApiKeyParam", massiveApiKeyParam);
        m.put("sortDesc", sortDesc);
        m.put("fractionalRetryAfter", fractionalRetryAfter);
        m.put("equityAssets", equityAssets);
        m.put("listedAssets", listedAssets);
        m.put("delistedAssets", delistedAssets);
        m.put("assetsOutage", assetsOutage);
        m.put("groupedMarket", groupedMarket.isEmpty() ? "(default: " + GroupedDaily.DEFAULT_MARKET.size() + " tickers)" : groupedMarket);
        return m;
    }
}
