package com.marketbars.ingest.providers.massive;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The body of Massive's (formerly Polygon.io's) {@code GET /v2/aggs/ticker/{T}/range/...}: one ticker's bars
 * ({@code t} epoch milliseconds, {@code o h l c v vw n}), absent when there are none, and a {@code next_url} while
 * more follow. Bars stay JSON trees so that a malformed one can be quarantined exactly as sent; unknown fields
 * ({@code queryCount}, {@code adjusted}, {@code count} ...) are ignored, as vendors add fields over time.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class MassiveAggsResponse {
    @JsonProperty("ticker")
    public String ticker;

    /** "OK" (or "DELAYED" on plans with delayed data); "ERROR" on error bodies, with {@link #error}. */
    @JsonProperty("status")
    public String status;

    @JsonProperty("resultsCount")
    public Integer resultsCount;

    @JsonProperty("results")
    public List<JsonNode> results;

    @JsonProperty("next_url")
    public String nextUrl;

    @JsonProperty("error")
    public String error;

    @JsonProperty("request_id")
    public String requestId;
}
