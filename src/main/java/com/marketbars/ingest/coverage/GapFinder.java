package com.marketbars.ingest.coverage;

import com.marketbars.ingest.store.DayBits;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Walks a symbol's days in time order, each as its expected range and the intervals present in it (a stored bar, or
 * a thin minute the vendor has no bar for), and keeps the missing ones as ranges: consecutive missing bars make one
 * {@link Gap} (across a UTC midnight too, for a calendar open around it). Holds only the gaps, never the bars.
 */
final class GapFinder {
    private final String symbol;
    private final SessionCalendar calendar;
    private final List<Gap> gaps = new ArrayList<>();

    GapFinder(String symbol, SessionCalendar calendar) {
        this.symbol = symbol;
        this.calendar = calendar;
    }

    /** A day's expected range (within the UTC day), later than the ones told before, and its present intervals. */
    void day(LocalDate day, TimeRange expected, BitSet present) {
        int end = DayCells.last(calendar, expected);
        for (int a = present.nextClearBit(DayCells.first(calendar, expected)); a < end; ) {
            int b = Math.min(end, present.nextSetBit(a) < 0 ? end : present.nextSetBit(a));
            missing(day, a, b);
            a = present.nextClearBit(b);
        }
    }

    List<Gap> finish() {
        return List.copyOf(gaps);
    }

    private void missing(LocalDate day, int from, int to) {
        Gap g = new Gap(symbol, DayBits.start(day, from, calendar.barLength()), DayBits.start(day, to, calendar.barLength()), to - from);
        Gap last = gaps.isEmpty() ? null : gaps.get(gaps.size() - 1);
        if (last != null && last.to().equals(g.from())) {
            gaps.set(gaps.size() - 1, new Gap(symbol, last.from(), g.to(), last.bars() + g.bars()));
        } else {
            gaps.add(g);
        }
    }
}
