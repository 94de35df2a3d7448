package com.marketbars.ingest.simulator;

import com.marketbars.ingest.model.Timeframe;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bars request as one endpoint's protocol put it, parsed and validated as the real vendor does: which symbols,
 * which bar intervals (the starts, in epoch minutes, from {@link #firstMinute()} to {@link #lastMinute()} inclusive,
 * a whole number of the timeframe apart), and where in them a page token or cursor resumes.
 */
abstract class BarsQuery {
    final List<String> symbols;
    final Timeframe timeframe;
    final long firstMinute;
    final long lastMinute;
    final int limit;
    /** {@code sort=desc}: each symbol's bars newest first (symbols stay ascending at Alpaca). */
    final boolean descending;

    BarsQuery(List<String> symbols, Timeframe timeframe, long firstMinute, long lastMinute, int limit, boolean descending) {
        this.symbols = symbols;
        this.timeframe = timeframe;
        this.firstMinute = firstMinute;
        this.lastMinute = lastMinute;
        this.limit = limit;
        this.descending = descending;
    }

    /** The parsed query of the endpoint's request. @throws IllegalArgumentException to be answered 400 */
    static BarsQuery parse(VendorEndpoint endpoint, URI uri) {
        return endpoint == VendorEndpoint.MASSIVE_STOCKS ? MassiveAggsQuery.parse(uri) : AlpacaBarsQuery.parse(uri);
    }

    /** The interval start a symbol's bars begin at: the first, or the last when descending. */
    long beginning() {
        return descending ? lastMinute : firstMinute;
    }

    /** Minutes from one interval start to the next in the answer's order: negative when descending. */
    long stride() {
        return descending ? -step() : step();
    }

    /** True for an interval start within the query's range, walked either way. */
    boolean inRange(long minute) {
        return minute >= firstMinute && minute <= lastMinute;
    }

    /**
     * The {@code sort} parameter, {@code asc} (the default) or {@code desc}, by timestamp as both vendors define it
     * (Alpaca's Sort enum; Massive: "asc will return results in ascending order (oldest at the top), desc ... newest at
     * the top"). @throws IllegalArgumentException for anything else
     */
    static boolean descending(Map<String, String> p) {
        String sort = p.getOrDefault("sort", "asc");
        return switch (sort) {
            case "asc" -> false;
            case "desc" -> true;
            default -> throw new IllegalArgumentException("invalid sort '" + sort + "': asc or desc");
        };
    }

    /** Minutes from one interval start to the next. */
    long step() {
        return SyntheticBars.minutes(timeframe);
    }

    long ceilInterval(long minute) {
        return SyntheticBars.ceilInterval(minute, step());
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

    static int limit(Map<String, String> p, String name, int defaultLimit, int maxLimit) {
        if (!p.containsKey(name)) {
            return defaultLimit;
        }
        int limit;
        try {
            limit = Integer.parseInt(p.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + name);
        }
        if (limit < 1 || limit > maxLimit) {
            throw new IllegalArgumentException(name + " must be between 1 and " + maxLimit);
        }
        return limit;
    }

    /** A page token or cursor: the numbers to resume with and the fingerprint of the query it belongs to. */
    static String encodeToken(long[] position, int fingerprint) {
        StringBuilder raw = new StringBuilder();
        for (long p : position) {
            raw.append(p).append(':');
        }
        raw.append(fingerprint);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws IllegalArgumentException when the token is garbage or belongs to another query */
    static long[] decodeToken(String token, int length, int fingerprint, String name) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII).split(":");
            if (parts.length != length + 1 || Integer.parseInt(parts[length]) != fingerprint) {
                throw new IllegalArgumentException(name + " does not belong to this query");
            }
            long[] out = new long[length];
            for (int i = 0; i < length; i++) {
                out[i] = Long.parseLong(parts[i]);
            }
            return out;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid " + name);
        }
    }
}
