package com.marketbars.ingest.checkpoint;

import java.time.Instant;
import java.util.List;

/**
 * What one catch-up run works through: a cursor key (the source, or a backfill's own key), the symbols,
 * where a symbol without a cursor begins, and an optional fixed end (a backfill's {@code --to}; a scheduled
 * job follows the present).
 *
 * @param oneShot true for a backfill, whose cursor is forgotten once complete so that running it again
 *                re-pulls the range (and adds nothing, the writes being idempotent)
 */
public record IngestJob(String label, String cursorKey, List<String> symbols, Instant from, Instant to, boolean oneShot) {

    public static IngestJob scheduled(String source, List<String> universe, Instant start) {
        return new IngestJob(source, source, List.copyOf(universe), start, null, false);
    }

    public static IngestJob backfill(String source, List<String> symbols, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
        }
        return new IngestJob("backfill " + from + " .. " + to, source + "@backfill:" + from + "/" + to,
                List.copyOf(symbols), from, to, true);
    }
}
