package com.marketbars.ingest.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketbars.ingest.model.WriteMode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a DLQ row must hold to ask the vendor again: the cursor the window belonged to, the symbols, the
 * window [start, end) and the write mode (written only when it is not insert-only). Nothing else - in particular no header, URL or credential of the failed request.
 */
public record ReplayRequest(String cursorKey, List<String> symbols, Instant start, Instant end, WriteMode writeMode) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An insert-only replay (the default write mode). */
    public ReplayRequest(String cursorKey, List<String> symbols, Instant start, Instant end) {
        this(cursorKey, symbols, start, end, WriteMode.INSERT_ONLY);
    }

    public ReplayRequest {
        symbols = List.copyOf(symbols);
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("a replay needs at least one symbol");
        }
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("empty window [" + start + ", " + end + ")");
        }
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("cursor", cursorKey);
        n.putArray("symbols").addAll(symbols.stream().map(JSON.getNodeFactory()::textNode).toList());
        n.put("start", start.toString());
        n.put("end", end.toString());
        if (writeMode != WriteMode.INSERT_ONLY) {
            n.put("mode", writeMode.label());   // an upsert backfill's failures are replayed as upserts
        }
        return n.toString();
    }

    public static ReplayRequest fromJson(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            List<String> symbols = new ArrayList<>();
            n.required("symbols").forEach(s -> symbols.add(s.asText()));
            return new ReplayRequest(n.required("cursor").asText(), symbols,
                    Instant.parse(n.required("start").asText()), Instant.parse(n.required("end").asText()),
                    n.has("mode") ? WriteMode.parse(n.get("mode").asText()) : WriteMode.INSERT_ONLY);
        } catch (JsonProcessingException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not a DLQ replay payload: " + json, e);
        }
    }

    /** One key per (source, request): the same failure recorded twice is one row. */
    public String replayKey(String feed) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((feed + '\n' + toJson()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        String who = symbols.size() == 1 ? symbols.get(0) : symbols.size() + " symbols " + symbols.get(0) + ".." + symbols.get(symbols.size() - 1);
        return who + " [" + start + ", " + end + ")";
    }
}
