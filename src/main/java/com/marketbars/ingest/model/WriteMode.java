package com.marketbars.ingest.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a bar whose (symbol, ts) is already stored is treated.
 * <ul>
 * <li>{@link #INSERT_ONLY}: kept as it is ({@code ON CONFLICT DO NOTHING}), for vendors whose history is final once
 * settled. A re-read can never change a stored bar.</li>
 * <li>{@link #UPSERT}: replaced when any value differs ({@code ON CONFLICT DO UPDATE ... WHERE} the values are
 * distinct), for vendors that revise history (split and dividend adjustments, late prints). An identical bar is
 * left alone, so re-reading settled history writes nothing.</li>
 * </ul>
 */
public enum WriteMode {
    INSERT_ONLY("insert-only"),
    UPSERT("upsert");

    private final String label;

    WriteMode(String label) {
        this.label = label;
    }

    /** The name operators write: {@code insert-only} or {@code upsert}. */
    public String label() {
        return label;
    }

    /** @throws IllegalArgumentException naming the accepted values when {@code value} is none of them */
    public static WriteMode parse(String value) {
        for (WriteMode m : values()) {
            if (m.label.equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a write mode; expected one of "
                + Arrays.stream(values()).map(WriteMode::label).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return label;
    }
}
