package com.marketbars.ingest.providers.massive;

import com.marketbars.ingest.model.Text;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.marketbars.ingest.calendar.NyseCalendar;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.errors.VendorProtocolException;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.pipeline.BarPage;
import com.marketbars.ingest.providers.HttpDate;
import com.marketbars.ingest.quality.BarValidator;
import com.marketbars.ingest.model.CandidateBar;
import com.marketbars.ingest.model.Rejection;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.marketbars.ingest.providers.BarFields.number;
import static com.marketbars.ingest.providers.BarFields.quantity;

/**
 * Maps a Massive aggregates response to validated bars and rejections, through the same {@link BarValidator} as
 * Alpaca's, so the quality rules are identical: {@code t} in epoch milliseconds becomes the RFC 3339 instant the
 * validator reads (a {@code t} that is not a whole number of milliseconds stays as sent and is refused as a bad
 * timestamp, as is a string). The next page is the {@code next_url} (without any {@code apiKey}); absent or empty, this was the last.
 * Pure: it reads the batch's symbol, window and timeframe, and changes nothing.
 */
public final class MassiveAggsMapper {

    /**
     * @param httpDate the answer's HTTP {@code Date} header (RFC 1123), the vendor's clock; absent or unreadable: none
     * @throws MismatchedInputException when the body was JSON {@code null}: like any answer that is not a page
     * @throws VendorProtocolException  when the body says {@code "status": "ERROR"}
     */
    public BarPage toPage(MassiveAggsResponse response, SymbolBatch batch, String httpDate, String pageToken) throws MismatchedInputException {
        if (response == null) {
            throw MismatchedInputException.from((JsonParser) null, MassiveAggsResponse.class, "the vendor's answer is JSON null, not a page");
        }
        if ("ERROR".equalsIgnoreCase(response.status)) {
            throw new VendorProtocolException("Massive answered status ERROR for " + batch + ": " + abbreviate(response.error));
        }
        if (batch.window().job().plan().timeframe() == Timeframe.ONE_DAY) {
            return groupedDaily(response, batch, httpDate, pageToken);
        }
        String requested = MassiveRequest.ticker(batch);
        // bars of another ticker than the one asked for are refused as unrequested, not filed under ours
        String symbol = response.ticker == null ? requested : response.ticker;
        BarValidator validator = BarValidator.of(batch);
        List<Bar> bars = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        if (response.results != null) {
            for (JsonNode n : response.results) {
                validator.check(candidate(symbol, n), bars, rejected);
            }
        }
        return new BarPage(bars, rejected, MassiveRequest.redact(response.nextUrl), HttpDate.parse(httpDate));
    }

    /**
     * A grouped-daily answer: every ticker's day bar of one date, of which the batch's symbols are kept (the rest of
     * the market is not ours: dropped, not quarantined). The grouped daily stamps a bar at its session's close (16:00
     * New York); the aggregates endpoint stamps the same day bar at New York midnight. A bar is stored as the
     * aggregates stamp it - the New York midnight of its date - so that a day has one bar whichever endpoint served it,
     * and databases filled from the aggregates keep theirs. A {@code t} outside the date asked for stays as sent, for
     * the validator to refuse. The next page is the window's next session date.
     */
    private BarPage groupedDaily(MassiveAggsResponse response, SymbolBatch batch, String httpDate, String pageToken) {
        LocalDate date = pageToken == null || pageToken.isEmpty() ? MassiveGroupedDates.first(batch) : MassiveGroupedDates.parse(batch, pageToken);
        Set<String> wanted = batch.symbolSet();
        BarValidator validator = BarValidator.of(batch);
        List<Bar> bars = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        if (response.results != null) {
            for (JsonNode n : response.results) {
                JsonNode ticker = n == null ? null : n.get("T");
                if (ticker == null || !ticker.isTextual() || !wanted.contains(ticker.asText())) {
                    continue;
                }
                CandidateBar c = candidate(ticker.asText(), n);
                validator.check(onDate(c, n.get("t"), date), bars, rejected);
            }
        }
        LocalDate next = MassiveGroupedDates.after(batch, date);
        return new BarPage(bars, rejected, next == null ? null : next.toString(), HttpDate.parse(httpDate));
    }

    /** The candidate stamped at the New York midnight of {@code date} when its epoch-millisecond t lies on that New York date. */
    private static CandidateBar onDate(CandidateBar c, JsonNode t, LocalDate date) {
        if (t == null || !t.isIntegralNumber() || !t.canConvertToLong()) {
            return c;
        }
        try {
            Instant sent = Instant.ofEpochMilli(t.longValue());
            if (!LocalDate.ofInstant(sent, NyseCalendar.NEW_YORK).equals(date)) {
                return c;
            }
        } catch (DateTimeException outOfRange) {
            return c;
        }
        String midnight = date.atStartOfDay(NyseCalendar.NEW_YORK).toInstant().toString();
        return new CandidateBar(c.symbol(), midnight, c.open(), c.high(), c.low(), c.close(), c.volume(), c.tradeCount(), c.vwap(), c.raw());
    }

    static CandidateBar candidate(String symbol, JsonNode n) {
        if (n == null || !n.isObject()) {
            return new CandidateBar(symbol, null, null, null, null, null, null, null, null, () -> String.valueOf(n));
        }
        return new CandidateBar(symbol, time(n.get("t")),
                number(n.get("o")), number(n.get("h")), number(n.get("l")), number(n.get("c")),
                quantity(n.get("v")), number(n.get("n")), number(n.get("vw")),
                n::toString);
    }

    /**
     * Epoch milliseconds as RFC 3339; anything else as its JSON text (a string keeps its quotes, so even an RFC 3339
     * string is not read as a time: Massive sends numbers), for the validator to refuse as a bad timestamp.
     */
    private static String time(JsonNode t) {
        if (t == null || t.isNull()) {
            return null;
        }
        if (t.isIntegralNumber() && t.canConvertToLong()) {
            try {
                return Instant.ofEpochMilli(t.longValue()).toString();
            } catch (DateTimeException outOfRange) {
                return t.toString();
            }
        }
        return t.toString();
    }

    private static String abbreviate(String s) {
        return s == null ? "(no message)" : Text.abbreviate(s, 200);
    }
}
