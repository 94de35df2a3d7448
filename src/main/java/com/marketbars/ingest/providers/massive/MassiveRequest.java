package com.marketbars.ingest.providers.massive;

import com.marketbars.ingest.model.Text;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.errors.VendorProtocolException;
import org.apache.camel.Exchange;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the request of one Massive aggregates page: {@code GET /v2/aggs/ticker/{T}/range/1/{timespan}/{from}/{to}},
 * one ticker per request; a day feed's is the grouped daily of one date instead (see {@link #groupedDaily}). Massive's {@code to} is inclusive and our windows are half-open [start, end), so the first
 * request asks for {@code from = start} and {@code to = end - 1 ms}, in epoch milliseconds.
 * <p>
 * Later pages follow the vendor's {@code next_url}, but only its path and query: the host stays the configured
 * endpoint's, and a next_url whose path is not the aggregates of the same ticker and timespan is refused with a
 * {@link VendorProtocolException}, so the bearer key (added below Camel, see {@link MassiveCredentials}) can never be
 * sent anywhere else. An {@code apiKey} parameter in a next_url is dropped (the key travels as a header only).
 */
public final class MassiveRequest {
    public static final int MAX_LIMIT = 50_000;
    static final String AGGS_PREFIX = "/v2/aggs/ticker/";
    /** Every ticker's day bar of one date: {@code GET /v2/aggs/grouped/locale/us/market/stocks/{date}}. */
    static final String GROUPED_PREFIX = "/v2/aggs/grouped/locale/us/market/stocks/";
    private static final Pattern BOUND = Pattern.compile("[0-9]{1,19}|[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private final Timeframe timeframe;
    private final int pageLimit;
    private final boolean adjusted;

    /** Raw bars ({@code adjusted=false}), as the Alpaca feeds ask for ({@code adjustment=raw}). */
    public MassiveRequest(Timeframe timeframe, int pageLimit) {
        this(timeframe, pageLimit, false);
    }

    public MassiveRequest(Timeframe timeframe, int pageLimit, boolean adjusted) {
        if (pageLimit < 1 || pageLimit > MAX_LIMIT) {
            throw new IllegalArgumentException("a Massive page holds 1 to " + MAX_LIMIT + " bars, not " + pageLimit);
        }
        this.timeframe = timeframe;
        this.pageLimit = pageLimit;
        this.adjusted = adjusted;
    }

    /**
     * Sets the HTTP method, path and query on the exchange for this batch: its first page when {@code nextUrl} is null
     * or empty, else the page the vendor's next_url names.
     *
     * @throws VendorProtocolException when the next_url leads anywhere but this ticker's aggregates
     */
    public void prepare(Exchange exchange, SymbolBatch batch, String nextUrl) {
        String[] pathAndQuery = timeframe == Timeframe.ONE_DAY ? groupedDaily(batch, nextUrl)
                : nextUrl == null || nextUrl.isEmpty() ? firstPage(batch) : nextPage(batch, nextUrl);
        var message = exchange.getMessage();
        // only the endpoint's own URI may say where the request goes
        message.removeHeader(Exchange.HTTP_URI);
        message.removeHeader(Exchange.HTTP_RAW_QUERY);
        message.setHeader(Exchange.HTTP_METHOD, "GET");
        message.setHeader(Exchange.HTTP_PATH, pathAndQuery[0]);
        message.setHeader(Exchange.HTTP_QUERY, pathAndQuery[1]);
        message.setBody(null);
    }

    /**
     * {path, query} of a day batch's request: the grouped daily of its first session date, or of the date the mapper
     * gave as the next page. One request a date for every ticker of the market, whatever the batch's size.
     */
    public String[] groupedDaily(SymbolBatch batch, String dateToken) {
        java.time.LocalDate date = dateToken == null || dateToken.isEmpty() ? MassiveGroupedDates.first(batch)
                : MassiveGroupedDates.parse(batch, dateToken);
        if (date == null) {
            throw new IllegalStateException(batch + " holds no date to ask for: its window should have been skipped");
        }
        return new String[] {GROUPED_PREFIX + date, "adjusted=" + adjusted};
    }

    /** {path, query} of the batch's first page. */
    public String[] firstPage(SymbolBatch batch) {
        String path = tickerPrefix(batch) + "range/1/" + timespan(timeframe) + "/" + batch.start().toEpochMilli()
                + "/" + (batch.end().toEpochMilli() - 1);
        return new String[] {path, "adjusted=" + adjusted + "&sort=asc&limit=" + pageLimit};
    }

    /**
     * {path, query} of the page a next_url names: its raw path and query, without any {@code apiKey}.
     *
     * @throws VendorProtocolException when it is unreadable or its path is not this ticker's aggregates of this timespan
     */
    public String[] nextPage(SymbolBatch batch, String nextUrl) {
        URI uri;
        try {
            uri = new URI(nextUrl);
        } catch (URISyntaxException e) {
            throw new VendorProtocolException("Massive's next_url for " + batch + " is not a URL: refused");
        }
        String path = uri.getRawPath();
        String prefix = tickerPrefix(batch) + "range/1/" + timespan(timeframe) + "/";
        String[] bounds = path == null || !path.startsWith(prefix) ? new String[0] : path.substring(prefix.length()).split("/", -1);
        if (bounds.length != 2 || !BOUND.matcher(bounds[0]).matches() || !BOUND.matcher(bounds[1]).matches()) {
            throw new VendorProtocolException("Massive's next_url for " + batch + " leads to '" + abbreviate(path)
                    + "', not to the " + timespan(timeframe) + " aggregates of " + ticker(batch)
                    + ": refused, so that the key is never sent elsewhere");
        }
        return new String[] {path, withoutKey(uri.getRawQuery())};
    }

    /** The next_url without any {@code apiKey} parameter, for the page, the logs and the DLQ; null or "" as given. */
    static String redact(String nextUrl) {
        if (nextUrl == null || nextUrl.isEmpty()) {
            return nextUrl;
        }
        int q = nextUrl.indexOf('?');
        if (q < 0) {
            return nextUrl;
        }
        int hash = nextUrl.indexOf('#', q);
        String query = hash < 0 ? nextUrl.substring(q + 1) : nextUrl.substring(q + 1, hash);
        String kept = withoutKey(query);
        return nextUrl.substring(0, q) + (kept == null || kept.isEmpty() ? "" : "?" + kept);
    }

    private static String withoutKey(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        List<String> kept = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (!pair.isEmpty() && !name.equalsIgnoreCase("apiKey")) {
                kept.add(pair);
            }
        }
        return String.join("&", kept);
    }

    private static String tickerPrefix(SymbolBatch batch) {
        return AGGS_PREFIX + URLEncoder.encode(ticker(batch), StandardCharsets.UTF_8).replace("+", "%20") + "/";
    }

    /** The one ticker of a Massive batch. @throws IllegalArgumentException for a batch of several */
    static String ticker(SymbolBatch batch) {
        if (batch.symbols().size() != 1) {
            throw new IllegalArgumentException("Massive serves one ticker per request; this batch has " + batch.symbols().size()
                    + ": " + batch + " (plan Massive feeds with batches of one)");
        }
        return batch.symbols().get(0);
    }

    static String timespan(Timeframe timeframe) {
        return switch (timeframe) {
            case ONE_MINUTE -> "minute";
            case ONE_HOUR -> "hour";
            case ONE_DAY -> "day";
        };
    }

    private static String abbreviate(String s) {
        return s == null ? "(no path)" : Text.abbreviate(s, 120);
    }
}
