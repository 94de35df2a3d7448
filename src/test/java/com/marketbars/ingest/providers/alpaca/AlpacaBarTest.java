package com.marketbars.ingest.providers.alpaca;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.providers.VendorJson;
import com.marketbars.ingest.model.CandidateBar;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bar read straight from the parser ({@link AlpacaBar}) must give the quality gate the candidate, and the quarantine
 * the text, that the bar's JSON tree gives: for the plain shape and for every shape that goes the tree's way.
 */
class AlpacaBarTest {
    private static final ObjectMapper JSON = VendorJson.create();   // what the provider templates read with

    private static final List<String> PLAIN = List.of(
            "{\"t\":\"2026-11-24T14:30:00Z\",\"o\":10.5,\"h\":11,\"l\":10.25,\"c\":10.75,\"v\":1200,\"n\":14,\"vw\":10.6123}",
            "{\"vw\":10.6,\"n\":14,\"v\":1200.0,\"c\":10.75,\"l\":10.25,\"h\":11.0,\"o\":10.5,\"t\":\"2026-11-24T14:30:00Z\"}",
            "{\"t\":\"2026-11-24T14:30:00Z\",\"o\":10.5,\"h\":11,\"l\":10.25,\"v\":1200,\"n\":14}",
            "{\"t\":null,\"o\":null,\"h\":11,\"l\":10.25,\"c\":10.75,\"v\":1200,\"n\":null,\"vw\":null}",
            "{}");

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"t\":\"2026-11-24T14:30:00Z\",\"o\":10.5,\"h\":11,\"l\":10.25,\"c\":10.75,\"v\":1200,\"n\":14,\"vw\":10.6123}",
            "{\"vw\":10.6,\"n\":14,\"v\":1200.0,\"c\":10.75,\"l\":10.25,\"h\":11.0,\"o\":10.5,\"t\":\"2026-11-24T14:30:00Z\"}",
            "{\"t\":\"2026-11-24T14:30:00Z\",\"o\":10.5,\"h\":11,\"l\":10.25,\"v\":1200,\"n\":14}",
            "{\"t\":null,\"o\":null,\"h\":11,\"l\":10.25,\"c\":10.75,\"v\":1200,\"n\":null,\"vw\":null}",
            "{}",
            "{\"t\":\"2026-11-24T14:30:00Z\",\"o\":\"NaN\",\"h\":11,\"l\":10.25,\"c\":10.75,\"v\":1200,\"n\":14,\"vw\":10.6}",
            "{\"t\":\"2026-11-24T14:30:00Z\",\"o\":10.5,\"h\":11,\"l\":10.25,\"c\":10.75,\"v\":9007199254740993,\"n\":14,\"vw\":10.6}",
            "{\"t\":\"2026-11-24T14:30:00Z\",\"o\":10.5,\"h\":11,\"l\":10.25,\"c\":10.75,\"v\":123456789012345678901234567890,\"n\":14}",
            "{\"t\":\"2026-11-24T14:30:00Z\",\"o\":1e999,\"h\":11,\"l\":10.25,\"c\":10.75,\"v\":1200,\"n\":14}",
            "{\"t\":\"2026-11-24T14:30:00Z\",\"o\":10.5,\"x\":{\"a\":[1,2]},\"h\":11,\"l\":10.25,\"c\":10.75,\"v\":1200}",
            "{\"t\":\"2026-11-24T14:30:00Z\",\"o\":10.5,\"h\":11,\"o\":12.5,\"l\":10.25,\"c\":10.75,\"v\":1200}",
            "{\"t\":1764000000000,\"o\":10.5,\"h\":11,\"l\":10.25,\"c\":10.75,\"v\":1200}",
            "{\"t\":\"2026-11-24T14:30:00Z\",\"o\":true,\"h\":[11],\"l\":10.25,\"c\":10.75,\"v\":-1200,\"n\":-3}",
            "{\"t\":\"x\\\"y\\u00e9\",\"o\":-0.0,\"h\":1.0E-7,\"l\":0,\"c\":2147483648,\"v\":2147483647,\"n\":-2147483648,\"vw\":4.9E-324}",
            "[1,2]", "\"a bar\"", "42", "null"})
    void a_bar_reads_as_its_tree_would(String bar) throws Exception {
        JsonNode tree = JSON.readTree(bar);
        List<AlpacaBar> read = JSON.readValue("[" + bar + "]", new TypeReference<List<AlpacaBar>>() { });

        CandidateBar streamed = read.get(0).candidate("AAPL");
        CandidateBar expected = AlpacaBarsMapper.candidate("AAPL", tree);

        assertThat(fields(streamed)).isEqualTo(fields(expected));
        // the first five are of the plain shape, kept as values; the others went the tree's way
        assertThat(read.get(0).plain()).isEqualTo(PLAIN.contains(bar));
        assertThat(streamed.raw().get()).isEqualTo(expected.raw().get()).isEqualTo(tree.toString());
    }

    /** Every field but raw, as text (NaN equals NaN, null shows as null). */
    private static List<String> fields(CandidateBar c) {
        return java.util.stream.Stream.of(c.symbol(), c.t(), c.open(), c.high(), c.low(), c.close(), c.volume(),
                c.tradeCount(), c.vwap()).map(String::valueOf).toList();
    }
}
