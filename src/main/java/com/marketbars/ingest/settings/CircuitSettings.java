package com.marketbars.ingest.settings;

import java.time.Duration;
import java.util.function.Function;

/**
 * The vendor circuit breaker ({@code ingest.circuit.*}): it opens when at least {@code failureRate} percent of
 * the last {@code windowCalls} calls (counted once {@code minimumCalls} were made) failed the way an outage
 * does, stays open for {@code openDuration} without calling, then lets {@code halfOpenCalls} trial calls decide.
 */
public record CircuitSettings(int failureRate, int minimumCalls, int windowCalls, Duration openDuration, int halfOpenCalls) {

    static CircuitSettings from(Function<String, String> props) {
        int window = IngestSettings.intIn(props, "ingest.circuit.window-calls", 1, 10_000);
        int minimum = IngestSettings.intIn(props, "ingest.circuit.minimum-calls", 1, 10_000);
        if (minimum > window) {
            throw new ConfigException("ingest.circuit.minimum-calls", minimum + " is more than ingest.circuit.window-calls " + window
                    + ": the circuit could never open");
        }
        return new CircuitSettings(
                IngestSettings.intIn(props, "ingest.circuit.failure-rate", 1, 100),
                minimum,
                window,
                IngestSettings.duration(props, "ingest.circuit.open-duration", Duration.ofMillis(1), Duration.ofHours(1)),
                IngestSettings.intIn(props, "ingest.circuit.half-open-calls", 1, 100));
    }
}
