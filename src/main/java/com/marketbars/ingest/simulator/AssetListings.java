package com.marketbars.ingest.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The bodies of the two asset-list endpoints, from {@link AssetCatalog}:
 * <ul>
 *   <li>Alpaca, {@code GET /v2/assets?status=active&asset_class=us_equity|crypto[&exchange=X]}: one JSON array of
 *       every asset at once (Alpaca does not page it), each with the fields of the official client's {@code Asset}
 *       ({@code id, class, exchange, symbol, name, status, tradable, marginable, shortable, easy_to_borrow,
 *       fractionable, attributes}); without {@code status} the inactive ones too;</li>
 *   <li>Massive, {@code GET /v3/reference/tickers?market=stocks&active=true&limit=N[&exchange=MIC]}: pages of up to
 *       1000 tickers (100 by default) ordered by ticker, {@code results[{ticker, name, market, locale,
 *       primary_exchange, type, active, currency_name, last_updated_utc}]}, {@code status}, {@code request_id},
 *       {@code count} and, while more follow, a {@code next_url} on this server carrying a {@code cursor}.</li>
 * </ul>
 */
final class AssetListings {
    static final String ALPACA_PATH = "/v2/assets";
    static final String MASSIVE_PATH = "/v3/reference/tickers";
    static final int MASSIVE_DEFAULT_LIMIT = 100;
    static final int MASSIVE_MAX_LIMIT = 1000;

    private final JsonFactory json = new JsonFactory();

    /** @throws IllegalArgumentException for a query Alpaca would refuse (answered 422 as Alpaca does) */
    byte[] alpaca(SimulatorSettings settings, URI uri) throws IOException {
        Map<String, String> q = BarsQuery.query(uri);
        String assetClass = q.getOrDefault("asset_class", "us_equity");
        String status = q.get("status");
        if (status != null && !status.equals("active") && !status.equals("inactive")) {
            throw new IllegalArgumentException("invalid status: " + status);
        }
        List<AssetCatalog.Asset> assets = switch (assetClass) {
            case "us_equity" -> AssetCatalog.equities(settings);
            case "crypto" -> AssetCatalog.cryptoPairs(settings);
            default -> throw new IllegalArgumentException("invalid asset_class: " + assetClass);
        };
        String exchange = q.get("exchange");
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256 * assets.size() + 16);
        try (JsonGenerator g = json.createGenerator(buf)) {
            g.writeStartArray();
            for (AssetCatalog.Asset a : assets) {
                if (status != null && a.active() != status.equals("active") || exchange != null && !exchange.equals(a.exchange())) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("id", UUID.nameUUIDFromBytes(a.alpacaSymbol().getBytes(StandardCharsets.UTF_8)).toString());
                g.writeStringField("class", a.crypto() ? "crypto" : "us_equity");
                g.writeStringField("exchange", a.exchange());
                g.writeStringField("symbol", a.alpacaSymbol());
                g.writeStringField("name", a.alpacaSymbol() + (a.crypto() ? "" : " Inc. Common Stock"));
                g.writeStringField("status", a.active() ? "active" : "inactive");
                g.writeBooleanField("tradable", a.tradable());
                g.writeBooleanField("marginable", !a.crypto() && a.tradable());
                g.writeBooleanField("shortable", !a.crypto() && a.tradable());
                g.writeBooleanField("easy_to_borrow", !a.crypto() && a.tradable());
                g.writeBooleanField("fractionable", a.tradable());
                g.writeArrayFieldStart("attributes");
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return buf.toByteArray();
    }

    /**
     * One page of Massive's reference tickers; {@code baseUrl} is this server's, which a {@code next_url} names.
     *
     * @throws IllegalArgumentException for a bad limit or cursor (answered 400 as Massive does)
     */
    byte[] massive(SimulatorSettings settings, URI uri, String baseUrl, String requestId) throws IOException {
        Map<String, String> q = BarsQuery.query(uri);
        String cursor = q.get("cursor");
        if (cursor != null) {
            // a cursor stands for the first page's query and where the next page begins
            try {
                q = BarsQuery.query(URI.create("?" + new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid cursor");
            }
        }
        int limit = Integer.parseInt(q.getOrDefault("limit", String.valueOf(MASSIVE_DEFAULT_LIMIT)));
        if (limit < 1 || limit > MASSIVE_MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MASSIVE_MAX_LIMIT);
        }
        int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
        String market = q.getOrDefault("market", "stocks");
        String active = q.getOrDefault("active", "true");
        String exchange = q.get("exchange");
        List<AssetCatalog.Asset> matching = market.equals("stocks")
                ? AssetCatalog.equities(settings).stream()
                        .filter(a -> !a.exchange().equals("OTC"))   // Massive lists them under market=otc
                        .filter(a -> a.active() == Boolean.parseBoolean(active))
                        .filter(a -> exchange == null || exchange.equals(a.massiveExchange()))
                        .sorted(java.util.Comparator.comparing(AssetCatalog.Asset::massiveSymbol))
                        .toList()
                : List.of();
        List<AssetCatalog.Asset> page = matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()));
        ByteArrayOutputStream buf = new ByteArrayOutputStream(300 * page.size() + 256);
        try (JsonGenerator g = json.createGenerator(buf)) {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (AssetCatalog.Asset a : page) {
                g.writeStartObject();
                g.writeStringField("ticker", a.massiveSymbol());
                g.writeStringField("name", a.massiveSymbol() + " Inc. Common Stock");
                g.writeStringField("market", "stocks");
                g.writeStringField("locale", "us");
                g.writeStringField("primary_exchange", a.massiveExchange());
                g.writeStringField("type", a.preferred() ? "PFD" : a.exchange().equals("ARCA") ? "ETF" : "CS");
                g.writeBooleanField("active", a.active());
                g.writeStringField("currency_name", "usd");
                g.writeStringField("last_updated_utc", "2026-12-07T00:00:00Z");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("status", "OK");
            g.writeStringField("request_id", requestId);
            g.writeNumberField("count", page.size());
            if (offset + limit < matching.size()) {
                String next = "market=" + market + "&active=" + active + "&limit=" + limit + "&offset=" + (offset + limit)
                        + (exchange == null ? "" : "&exchange=" + exchange);
                g.writeStringField("next_url", baseUrl + MASSIVE_PATH + "?cursor="
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(next.getBytes(StandardCharsets.UTF_8)));
            }
            g.writeEndObject();
        }
        return buf.toByteArray();
    }
}
