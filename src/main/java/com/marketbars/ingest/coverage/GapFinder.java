package com.marketbars.ingest.coverage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a symbol's expected bars beside its stored ones, both in time order, and keeps the missing ones as ranges:
 * consecutive missing bars make one {@link Gap} (across a UTC midnight too, for a calendar open around it). Told of the
 * stored bars one by one ({@link #stored}), it holds only the gaps, never the bars.
 */
final class GapFinder {
    private final String symbol;
    private final SessionCalendar calendar;
    private final List<TimeRange> expected;
    private final List<Gap> gaps = new ArrayList<>();
    private int range;
    private Instant cursor;

    /** @param expected the ranges of expected bar starts, disjoint and in time order */
    GapFinder(String symbol, SessionCalendar calendar, List<TimeRange> expected) {
        this.symbol = symbol;
        this.calendar = calendar;
        this.expected = expected;
        this.cursor = expected.isEmpty() ? null : expected.get(0).from();
    }

    /** A stored bar, later than the ones told before: the expected bars between the last one and it are missing. */
    void stored(Instant ts) {
        Instant bar = calendar.floor(ts);
        while (cursor != null && !bar.isBefore(cursor)) {
            TimeRange r = expected.get(range);
            if (!bar.isBefore(r.to())) {
                missing(cursor, r.to());
                nextRange();
            } else {
                missing(cursor, bar);
                cursor = calendar.next(bar);
                if (!cursor.isBefore(r.to())) {
                    nextRange();
                }
                return;
            }
        }
    }

    /** The gaps, once every stored bar was told: what is left of the expected bars is missing. */
    List<Gap> finish() {
        while (cursor != null) {
            missing(cursor, expected.get(range).to());
            nextRange();
        }
        return List.copyOf(gaps);
    }

    private void nextRange() {
        range++;
        cursor = range < expected.size() ? expected.get(range).from() : null;
    }

    private void missing(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return;
        }
        Gap last = gaps.isEmpty() ? null : gaps.get(gaps.size() - 1);
        if (last != null && last.to().equals(from)) {
            gaps.set(gaps.size() - 1, gap(last.from(), to));
        } else {
            gaps.add(gap(from, to));
        }
    }

    private Gap gap(Instant from, Instant to) {
        return new Gap(symbol, from, to, calendar.bars(new TimeRange(from, to)));
    }
}
