package com.marketbars.ingest.providers.alpaca;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The body of Alpaca's {@code GET /v2/stocks/bars}. Each bar is read as its values, or as its JSON tree when it is not
 * of the plain shape ({@link AlpacaBar}), so that a malformed one can be quarantined exactly as its tree renders it;
 * unknown fields are ignored, as vendors add fields over time.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class AlpacaBarsResponse {
    @JsonProperty("bars")
    public Map<String, List<AlpacaBar>> bars;

    @JsonProperty("next_page_token")
    public String nextPageToken;
}
