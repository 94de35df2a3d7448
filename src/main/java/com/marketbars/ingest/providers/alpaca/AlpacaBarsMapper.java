package com.marketbars.ingest.providers.alpaca;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.pipeline.BarPage;
import com.marketbars.ingest.quality.BarValidator;
import com.marketbars.ingest.model.CandidateBar;
import com.marketbars.ingest.model.Rejection;
import com.marketbars.ingest.providers.HttpDate;

import static com.marketbars.ingest.providers.BarFields.number;
import static com.marketbars.ingest.providers.BarFields.quantity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps an Alpaca bars response (stocks and crypto alike) to validated bars ({@code t o h l c v n vw}) and rejections.
 * Pure: it reads the batch's symbols, window and timeframe, and changes nothing; the pipeline tells the batch what arrived.
 */
public final class AlpacaBarsMapper {

    /**
     * As {@link #toPage(AlpacaBarsResponse, SymbolBatch)}, with the vendor's clock from the answer's HTTP {@code Date}
     * header (RFC 1123; absent or unreadable: none), so that no checkpoint passes it.
     */
    public BarPage toPage(AlpacaBarsResponse response, SymbolBatch batch, String date) throws MismatchedInputException {
        return page(response, batch, HttpDate.parse(date));
    }

    public BarPage toPage(AlpacaBarsResponse response, SymbolBatch batch) throws MismatchedInputException {
        return page(response, batch, null);
    }

    /** @throws MismatchedInputException when the body was JSON {@code null}: like any answer that is not a page */
    private static BarPage page(AlpacaBarsResponse response, SymbolBatch batch, Instant sent) throws MismatchedInputException {
        if (response == null) {
            // a JSON null parses to nothing. As a parse failure it is redelivered, then dead-lettered, like "[]";
            // any other exception would count as not the vendor's answer and keep the window open forever
            throw MismatchedInputException.from((JsonParser) null, AlpacaBarsResponse.class, "the vendor's answer is JSON null, not a page");
        }
        BarValidator validator = BarValidator.of(batch);
        List<Bar> bars = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        if (response.bars != null) {
            for (Map.Entry<String, List<AlpacaBar>> e : response.bars.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                for (AlpacaBar b : e.getValue()) {
                    validator.check(b == null ? candidate(e.getKey(), null) : b.candidate(e.getKey()), bars, rejected);
                }
            }
        }
        return new BarPage(bars, rejected, response.nextPageToken, sent);
    }

    static CandidateBar candidate(String symbol, JsonNode n) {
        if (n == null || !n.isObject()) {
            return new CandidateBar(symbol, null, null, null, null, null, null, null, null, () -> String.valueOf(n));
        }
        JsonNode t = n.get("t");
        return new CandidateBar(symbol,
                t == null || t.isNull() ? null : t.asText(),
                number(n.get("o")), number(n.get("h")), number(n.get("l")), number(n.get("c")),
                quantity(n.get("v")), number(n.get("n")), number(n.get("vw")),
                n::toString);
    }
}
