package com.marketbars.ingest.providers.alpaca;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The body of Alpaca's {@code GET /v2/stocks/bars}. Bars stay JSON trees so that a malformed one can be
 * quarantined exactly as sent; unknown fields are ignored, as vendors add fields over time.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class AlpacaBarsResponse {
    @JsonProperty("bars")
    public Map<String, List<JsonNode>> bars;

    @JsonProperty("next_page_token")
    public String nextPageToken;
}
