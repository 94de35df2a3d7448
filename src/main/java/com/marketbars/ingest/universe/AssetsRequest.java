package com.marketbars.ingest.universe;

import com.marketbars.ingest.errors.VendorProtocolException;
import com.marketbars.ingest.model.Provider;
import org.apache.camel.Exchange;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the request of one page of a vendor's asset list, on the listing's base URL (the route's endpoint):
 * <ul>
 *   <li>Alpaca: {@code GET /v2/assets?status=active&asset_class=us_equity|crypto}, every asset in one answer;</li>
 *   <li>Massive: {@code GET /v3/reference/tickers?market=stocks&active=true&order=asc&sort=ticker&limit=1000}, then
 *       the page each {@code next_url} names - its path and query only, and only when the path is the tickers list,
 *       so the key (a header added below Camel) never goes to another host or endpoint; an {@code apiKey} in it is
 *       dropped.</li>
 * </ul>
 */
public final class AssetsRequest {
    static final String ALPACA_PATH = "/v2/assets";
    static final String MASSIVE_PATH = "/v3/reference/tickers";
    /** Massive's largest page of tickers (its client's docs: "default is 100 and max is 1000"). */
    static final int MASSIVE_PAGE = 1000;

    public void prepare(Exchange exchange, UniverseListing listing) {
        String[] pathAndQuery = listing.provider() == Provider.MASSIVE_STOCKS
                ? listing.nextUrl() == null ? new String[] {MASSIVE_PATH, "market=" + listing.spec().assetClass()
                        + "&active=true&order=asc&sort=ticker&limit=" + MASSIVE_PAGE} : nextPage(listing.nextUrl())
                : new String[] {ALPACA_PATH, "status=active&asset_class=" + listing.spec().assetClass()};
        var message = exchange.getMessage();
        message.removeHeader(Exchange.HTTP_URI);
        message.removeHeader(Exchange.HTTP_RAW_QUERY);
        message.setHeader(Exchange.HTTP_METHOD, "GET");
        message.setHeader(Exchange.HTTP_PATH, pathAndQuery[0]);
        message.setHeader(Exchange.HTTP_QUERY, pathAndQuery[1]);
        message.setBody(null);
    }

    /** {path, query} of the page a Massive next_url names. @throws VendorProtocolException when it leads elsewhere */
    static String[] nextPage(String nextUrl) {
        URI uri;
        try {
            uri = new URI(nextUrl);
        } catch (URISyntaxException e) {
            throw new VendorProtocolException("Massive's next_url of the tickers list is not a URL: refused");
        }
        if (!MASSIVE_PATH.equals(uri.getRawPath())) {
            String path = String.valueOf(uri.getRawPath());
            throw new VendorProtocolException("Massive's next_url of the tickers list leads to '"
                    + (path.length() > 60 ? path.substring(0, 60) + "..." : path) + "', not to " + MASSIVE_PATH
                    + ": refused, so that the key is never sent elsewhere");
        }
        List<String> kept = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (!pair.isEmpty() && !name.equalsIgnoreCase("apiKey")) {
                    kept.add(pair);
                }
            }
        }
        return new String[] {MASSIVE_PATH, String.join("&", kept)};
    }
}
