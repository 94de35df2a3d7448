package com.marketbars.ingest.simulator;

import com.marketbars.ingest.model.Timeframe;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An Alpaca bars query (stocks and crypto alike): {@code symbols}, {@code timeframe} (1Min, 1Hour or 1Day),
 * {@code start} and {@code end} both inclusive, {@code limit} up to 10,000 counted across symbols, {@code page_token},
 * {@code sort} ({@code asc} or {@code desc}: the time order within each symbol; symbols stay ascending, and a page token
 * resumes the order it was issued in).
 */
final class AlpacaBarsQuery extends BarsQuery {
    static final int MAX_LIMIT = 10_000;
    private static final int DEFAULT_LIMIT = 1_000;

    final String pageToken;
    private final String rawStart;
    private final String rawEnd;

    private AlpacaBarsQuery(List<String> symbols, Timeframe timeframe, String rawStart, String rawEnd, long firstMinute,
                            long lastMinute, int limit, String pageToken, boolean descending) {
        super(symbols, timeframe, firstMinute, lastMinute, limit, descending);
        this.rawStart = rawStart;
        this.rawEnd = rawEnd;
        this.pageToken = pageToken;
    }

    static AlpacaBarsQuery parse(URI uri) {
        Map<String, String> p = query(uri);
        String syms = p.get("symbols");
        if (syms == null || syms.isBlank()) {
            throw new IllegalArgumentException("symbols is required");
        }
        List<String> symbols = List.copyOf(new TreeSet<>(Arrays.asList(syms.split(","))));
        Timeframe timeframe;
        try {
            timeframe = Timeframe.parse(p.getOrDefault("timeframe", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid timeframe: this simulator serves 1Min, 1Hour and 1Day");
        }
        Instant start = time("start", p.get("start"));
        Instant end = p.containsKey("end") ? time("end", p.get("end")) : Instant.now();
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("end is before start");
        }
        int limit = limit(p, "limit", DEFAULT_LIMIT, MAX_LIMIT);
        long step = SyntheticBars.minutes(timeframe);
        long first = SyntheticBars.ceilInterval(SyntheticBars.ceilMinute(start), step);
        long last = Math.floorDiv(Math.floorDiv(end.getEpochSecond(), 60), step) * step;   // end is inclusive, as at Alpaca
        String token = p.get("page_token");
        return new AlpacaBarsQuery(symbols, timeframe, p.get("start"), p.get("end"), first, last, limit,
                token == null || token.isEmpty() ? null : token, descending(p));
    }

    /** The (symbol index, interval start) a page begins at. */
    long[] position() {
        return pageToken == null ? new long[] {0, beginning()} : decodeToken(pageToken, 2, fingerprint(), "page_token");
    }

    String tokenAt(int symbolIndex, long minute) {
        return encodeToken(new long[] {symbolIndex, minute}, fingerprint());
    }

    private int fingerprint() {
        // as before hour and day bars, for 1Min: a token of 1Min never resumes another timeframe's query
        String tf = timeframe == Timeframe.ONE_MINUTE ? "" : "|" + timeframe.label();
        String sort = descending ? "|desc" : "";   // and one of sort=asc never resumes a sort=desc query
        return (String.join(",", symbols) + "|" + rawStart + "|" + rawEnd + "|" + limit + tf + sort).hashCode();
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
