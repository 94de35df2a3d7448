package com.marketbars.ingest.calendar;

import java.time.Duration;
import java.time.Instant;

/** A half-open span of time [from, to); empty when {@code from} equals {@code to}. */
public record TimeSpan(Instant from, Instant to) {

    public TimeSpan {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("a span ends at or after its start: " + from + " to " + to);
        }
    }

    public boolean isEmpty() {
        return from.equals(to);
    }

    public boolean contains(Instant t) {
        return !t.isBefore(from) && t.isBefore(to);
    }

    public Duration duration() {
        return Duration.between(from, to);
    }

    /**
     * The starts of the bars of length {@code barLength} whose interval overlaps this span, as [first start, end of
     * the last bar). Bars lie on the epoch-aligned grid, as the feeds' cursors do: a 1-hour bar starts on a whole UTC
     * hour, a 1-day bar at UTC midnight.
     */
    public TimeSpan onGrid(Duration barLength) {
        long step = positiveMillis(barLength);
        long first = Math.floorDiv(from.toEpochMilli(), step) * step;
        long end = isEmpty() ? first : -Math.floorDiv(-to.toEpochMilli(), step) * step;
        return new TimeSpan(Instant.ofEpochMilli(first), Instant.ofEpochMilli(end));
    }

    /** How many bars of length {@code barLength} (on the epoch-aligned grid) overlap this span. */
    public long barsOverlapping(Duration barLength) {
        return onGrid(barLength).duration().toMillis() / positiveMillis(barLength);
    }

    private static long positiveMillis(Duration barLength) {
        if (barLength.toMillis() <= 0) {
            throw new IllegalArgumentException("a bar lasts at least a millisecond, not " + barLength);
        }
        return barLength.toMillis();
    }
}
