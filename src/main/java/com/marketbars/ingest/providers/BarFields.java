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

    /**
     * A quantity (the volume) as exactly as the tree holds it: null when absent; NaN when not a number; else a
     * BigDecimal - exact for an integer of any size; for a fraction the shortest text of the double the tree read,
     * which is the vendor's text up to 15 significant digits (the bars of the plain shape keep more:
     * {@code alpaca/AlpacaBar} reads the text itself).
     */
    public static Number quantity(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isNumber() && (v.isIntegralNumber() || Double.isFinite(v.doubleValue())) ? v.decimalValue() : Double.NaN;
    }
}
