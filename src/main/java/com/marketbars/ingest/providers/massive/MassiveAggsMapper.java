package com.marketbars.ingest.providers.massive;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.errors.VendorProtocolException;
import com.marketbars.ingest.pipeline.Bar;
import com.marketbars.ingest.pipeline.BarPage;
import com.marketbars.ingest.providers.HttpDate;
import com.marketbars.ingest.quality.BarValidator;
import com.marketbars.ingest.quality.CandidateBar;
import com.marketbars.ingest.quality.Rejection;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
    public BarPage toPage(MassiveAggsResponse response, SymbolBatch batch, String httpDate) throws MismatchedInputException {
        String requested = MassiveRequest.ticker(batch);
        if (response == null) {
            throw MismatchedInputException.from((JsonParser) null, MassiveAggsResponse.class, "the vendor's answer is JSON null, not a page");
        }
        if ("ERROR".equalsIgnoreCase(response.status)) {
            throw new VendorProtocolException("Massive answered status ERROR for " + batch + ": " + abbreviate(response.error));
        }
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
        return s == null ? "(no message)" : s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
