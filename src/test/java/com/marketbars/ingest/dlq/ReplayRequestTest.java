package com.marketbars.ingest.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayRequestTest {

    private static final String SOURCE = "alpaca_bars_1min";
    private static final String BACKFILL = SOURCE + "@backfill:2026-11-01T00:00:00Z/2026-11-10T00:00:00Z";
    private static final Instant START = Instant.parse("2026-11-24T00:00:00Z");
    private static final Instant END = Instant.parse("2026-11-25T00:00:00Z");

    private static ReplayRequest request() {
        return new ReplayRequest(SOURCE, List.of("AAPL", "BRK.B", "MSFT"), START, END);
    }

    @Test
    void json_round_trip_gives_an_equal_request() {
        ReplayRequest r = request();

        assertThat(ReplayRequest.fromJson(r.toJson())).isEqualTo(r);
    }

    @Test
    void json_round_trip_keeps_a_backfill_cursor_and_sub_second_window() {
        ReplayRequest r = new ReplayRequest(BACKFILL, List.of("AAPL"), Instant.parse("2026-11-24T10:37:00.250Z"),
                Instant.parse("2026-11-24T10:38:00Z"));

        assertThat(ReplayRequest.fromJson(r.toJson())).isEqualTo(r);
    }

    @Test
    void json_holds_only_cursor_symbols_start_and_end() throws Exception {
        JsonNode n = new ObjectMapper().readTree(request().toJson());

        List<String> fields = new ArrayList<>();
        n.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("cursor", "symbols", "start", "end");
        assertThat(n.get("cursor").asText()).isEqualTo(SOURCE);
        assertThat(n.get("symbols").isArray()).isTrue();
        assertThat(n.get("symbols")).extracting(JsonNode::asText).containsExactly("AAPL", "BRK.B", "MSFT");
        assertThat(n.get("start").asText()).isEqualTo("2026-11-24T00:00:00Z");
        assertThat(n.get("end").asText()).isEqualTo("2026-11-25T00:00:00Z");
    }

    @Test
    void the_symbols_are_copied_so_a_later_change_of_the_callers_list_does_not_leak_in() {
        List<String> symbols = new ArrayList<>(List.of("AAPL", "MSFT"));
        ReplayRequest r = new ReplayRequest(SOURCE, symbols, START, END);

        symbols.add("NVDA");

        assertThat(r.symbols()).containsExactly("AAPL", "MSFT");
    }

    @Test
    void the_replay_key_is_stable_for_the_same_source_and_request() {
        assertThat(request().replayKey(SOURCE)).isEqualTo(request().replayKey(SOURCE));
        assertThat(ReplayRequest.fromJson(request().toJson()).replayKey(SOURCE)).isEqualTo(request().replayKey(SOURCE));
        assertThat(request().replayKey(SOURCE)).matches("[0-9a-f]{64}");
    }

    @Test
    void the_replay_key_differs_per_source() {
        assertThat(request().replayKey(SOURCE)).isNotEqualTo(request().replayKey("polygon_bars_1min"));
    }

    @Test
    void the_replay_key_differs_per_cursor_symbols_and_window() {
        String key = request().replayKey(SOURCE);

        assertThat(new ReplayRequest(BACKFILL, List.of("AAPL", "BRK.B", "MSFT"), START, END).replayKey(SOURCE)).isNotEqualTo(key);
        assertThat(new ReplayRequest(SOURCE, List.of("AAPL", "BRK.B"), START, END).replayKey(SOURCE)).isNotEqualTo(key);
        assertThat(new ReplayRequest(SOURCE, List.of("AAPL", "BRK.B", "NVDA"), START, END).replayKey(SOURCE)).isNotEqualTo(key);
        assertThat(new ReplayRequest(SOURCE, List.of("AAPL", "BRK.B", "MSFT"), START.plusSeconds(60), END).replayKey(SOURCE)).isNotEqualTo(key);
        assertThat(new ReplayRequest(SOURCE, List.of("AAPL", "BRK.B", "MSFT"), START, END.plusSeconds(60)).replayKey(SOURCE)).isNotEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json at all",
            "{}",
            "[\"AAPL\"]",
            "{\"cursor\":\"alpaca_bars_1min\",\"start\":\"2026-11-24T00:00:00Z\",\"end\":\"2026-11-25T00:00:00Z\"}",
            "{\"symbols\":[\"AAPL\"],\"start\":\"2026-11-24T00:00:00Z\",\"end\":\"2026-11-25T00:00:00Z\"}",
            "{\"cursor\":\"c\",\"symbols\":[\"AAPL\"],\"start\":\"yesterday\",\"end\":\"2026-11-25T00:00:00Z\"}",
            "{\"cursor\":\"c\",\"symbols\":[\"AAPL\"],\"start\":\"2026-11-24T00:00:00Z\"}",
            "{\"cursor\":\"c\",\"symbols\":[],\"start\":\"2026-11-24T00:00:00Z\",\"end\":\"2026-11-25T00:00:00Z\"}",
            "{\"cursor\":\"c\",\"symbols\":[\"AAPL\"],\"start\":\"2026-11-25T00:00:00Z\",\"end\":\"2026-11-24T00:00:00Z\"}",
            "{\"cursor\":\"c\",\"symbols\":[\"AAPL\"],\"start\":\"2026-11-24T00:00:00Z\",\"end\":\"2026-11-25T00:00:00Z\"",
    })
    void from_json_rejects_garbage_naming_the_payload(String payload) {
        assertThatThrownBy(() -> ReplayRequest.fromJson(payload))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a DLQ replay payload")
                .hasMessageContaining(payload);
    }

    @Test
    void from_json_rejects_an_empty_payload() {
        assertThatThrownBy(() -> ReplayRequest.fromJson(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a DLQ replay payload");
    }

    @Test
    void a_request_without_symbols_is_rejected() {
        assertThatThrownBy(() -> new ReplayRequest(SOURCE, List.of(), START, END))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one symbol");
    }

    @Test
    void an_empty_or_inverted_window_is_rejected() {
        assertThatThrownBy(() -> new ReplayRequest(SOURCE, List.of("AAPL"), START, START))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty window");
        assertThatThrownBy(() -> new ReplayRequest(SOURCE, List.of("AAPL"), END, START))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty window");
    }

    @Test
    void to_string_names_one_symbol_or_the_count_and_range() {
        assertThat(new ReplayRequest(SOURCE, List.of("AAPL"), START, END))
                .hasToString("AAPL [2026-11-24T00:00:00Z, 2026-11-25T00:00:00Z)");
        assertThat(request()).hasToString("3 symbols AAPL..MSFT [2026-11-24T00:00:00Z, 2026-11-25T00:00:00Z)");
    }
}
