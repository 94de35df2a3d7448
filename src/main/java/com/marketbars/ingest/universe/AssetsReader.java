package com.marketbars.ingest.universe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.errors.VendorProtocolException;
import com.marketbars.ingest.model.Provider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one page of a vendor's asset list into {@link Asset}s, an asset at a time (an Alpaca list of 11,000 assets
 * is several megabytes; no tree of it is built). Fields as the official clients type them: Alpaca's {@code Asset}
 * ({@code symbol, exchange, status, tradable, class}, @alpacahq/alpaca-trade-api), Massive's tickers
 * ({@code results[{ticker, primary_exchange, active}], status, next_url}, @massive.com/client-js). An answer of
 * another shape is refused whole ({@link VendorProtocolException}): a universe is never made of half a list.
 */
public final class AssetsReader {
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Reads the page into the listing. */
    public void read(byte[] body, UniverseListing listing) throws IOException {
        if (body == null || body.length == 0) {
            throw new VendorProtocolException("the asset list of feed " + listing.getFeed() + " came back empty-bodied");
        }
        if (listing.provider() == Provider.MASSIVE_STOCKS) {
            readMassive(body, listing);
        } else {
            listing.pageRead(readAlpaca(body, listing.getFeed()), null);
        }
    }

    /** Alpaca: one JSON array of assets. */
    private List<Asset> readAlpaca(byte[] body, String feed) throws IOException {
        List<Asset> out = new ArrayList<>();
        try (JsonParser p = json.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new VendorProtocolException("Alpaca's asset list of feed " + feed + " is not a JSON array");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                JsonNode a = json.readTree(p);
                out.add(new Asset(text(a, "symbol", "Alpaca", feed), a.path("exchange").asText(""),
                        "active".equals(a.path("status").asText()), a.path("tradable").asBoolean(false)));
            }
            if (p.currentToken() != JsonToken.END_ARRAY) {
                throw new VendorProtocolException("Alpaca's asset list of feed " + feed + " holds something other than assets");
            }
        }
        return out;
    }

    /** Massive: {@code {results: [...], status, next_url}}; {@code results} absent on an empty page. */
    private void readMassive(byte[] body, UniverseListing listing) throws IOException {
        String feed = listing.getFeed();
        List<Asset> out = new ArrayList<>();
        String status = null;
        String next = null;
        String error = null;
        try (JsonParser p = json.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new VendorProtocolException("Massive's tickers list of feed " + feed + " is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "results" -> {
                        if (p.currentToken() != JsonToken.START_ARRAY) {
                            throw new VendorProtocolException("Massive's tickers list of feed " + feed + ": results is not an array");
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            JsonNode t = json.readTree(p);
                            out.add(new Asset(text(t, "ticker", "Massive", feed), t.path("primary_exchange").asText(""),
                                    t.path("active").asBoolean(false), true));
                        }
                    }
                    case "status" -> status = p.getValueAsString();
                    case "next_url" -> next = p.getValueAsString();
                    case "error", "message" -> error = p.getValueAsString();
                    default -> p.skipChildren();
                }
            }
        }
        if (!"OK".equals(status) && !"DELAYED".equals(status)) {
            throw new VendorProtocolException("Massive's tickers list of feed " + feed + " answered status " + status
                    + (error == null ? "" : ": " + error));
        }
        listing.pageRead(out, next);
    }

    private static String text(JsonNode asset, String field, String vendor, String feed) {
        JsonNode v = asset.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new VendorProtocolException(vendor + "'s asset list of feed " + feed + " has an entry without a "
                    + field + ": refused whole");
        }
        return v.asText();
    }
}
