package com.marketbars.ingest.model;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How long one bar of a feed lasts. A bar's {@code ts} is the start of its interval, so every cursor, window and
 * request bound of a feed falls on a whole interval. Each provider names these in its own way (its mapper and
 * request builder translate); the configuration uses the labels below.
 */
public enum Timeframe {
    ONE_MINUTE("1Min", Duration.ofMinutes(1)),
    ONE_HOUR("1Hour", Duration.ofHours(1)),
    ONE_DAY("1Day", Duration.ofDays(1));

    private final String label;
    private final Duration duration;

    Timeframe(String label, Duration duration) {
        this.label = label;
        this.duration = duration;
    }

    public String label() {
        return label;
    }

    public Duration duration() {
        return duration;
    }

    /** @throws IllegalArgumentException naming the labels accepted */
    public static Timeframe parse(String label) {
        return Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + label + "' is not a timeframe; expected one of "
                        + Arrays.stream(values()).map(Timeframe::label).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return label;
    }
}
