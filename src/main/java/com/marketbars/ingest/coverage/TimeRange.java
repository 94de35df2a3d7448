package com.marketbars.ingest.coverage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** A half-open span of time [from, to); empty when {@code from} is not before {@code to}. */
record TimeRange(Instant from, Instant to) {

    boolean isEmpty() {
        return !from.isBefore(to);
    }

    TimeRange intersect(TimeRange other) {
        return new TimeRange(from.isAfter(other.from) ? from : other.from, to.isBefore(other.to) ? to : other.to);
    }

    /** These ranges as the fewest disjoint ones in time order (overlapping or touching ones merged). */
    static List<TimeRange> union(Collection<TimeRange> ranges) {
        List<TimeRange> sorted = ranges.stream().filter(r -> !r.isEmpty()).sorted(Comparator.comparing(TimeRange::from)).toList();
        List<TimeRange> out = new ArrayList<>();
        for (TimeRange r : sorted) {
            TimeRange last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && !r.from.isAfter(last.to)) {
                out.set(out.size() - 1, new TimeRange(last.from, r.to.isAfter(last.to) ? r.to : last.to));
            } else {
                out.add(r);
            }
        }
        return out;
    }
}
