package com.marketbars.ingest.providers;

import com.fasterxml.jackson.databind.JsonNode;

/** How provider mappers read a bar's numeric fields, alike for every vendor so the quality gate sees the same. */
public final class BarFields {
    private BarFields() {
    }

    /** null when absent; NaN when present but not a number (a string such as "NaN" or "12"). */
    public static Double number(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isNumber() ? v.doubleValue() : Double.NaN;
    }
}
