package com.marketbars.ingest.coverage;

import com.marketbars.ingest.coverage.CoverageQueries.Answered;
import com.marketbars.ingest.coverage.CoverageQueries.Counts;
import com.marketbars.ingest.coverage.CoverageQueries.DayRange;
import com.marketbars.ingest.store.DayBits;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The cells of a chunk of symbols over some days, from two statements: each (symbol, day)'s row of
 * {@code bar_answers} - what the vendor answered and, since V15, which bars are stored - and, only for the
 * (symbol, day)s whose stored bitmap is not known (a bar deleted since, bars from before V15 or written without the
 * vendor's answer), the bars counted in their ranges ({@code coverage.stored-by-day}, expected and extended hours in
 * one pass). Never a statement a symbol, never a read of the whole universe a symbol.
 */
final class DayCells {
    private final FeedHistory history;
    private final SessionCalendar calendar;
    private final Map<String, Map<LocalDate, Answered>> answered;
    private final Counts counted;
    private final Map<String, Map<LocalDate, Integer>> quarantined;

    private DayCells(FeedHistory history, Map<String, Map<LocalDate, Answered>> answered, Counts counted,
                     Map<String, Map<LocalDate, Integer>> quarantined) {
        this.history = history;
        this.calendar = history.calendar();
        this.answered = answered;
        this.counted = counted;
        this.quarantined = quarantined;
    }

    /** @param quarantined the feed's quarantined rows on these days, by symbol and day (read once for every chunk) */
    static DayCells read(CoverageQueries queries, String feed, FeedHistory history, List<String> symbols, List<LocalDate> days,
                         Map<String, Map<LocalDate, Integer>> quarantined) {
        LocalDate from = days.get(0);
        LocalDate to = days.get(days.size() - 1).plusDays(1);
        Map<String, Map<LocalDate, Answered>> answered = queries.answered(feed, symbols, from, to);
        List<DayRange> unknown = new ArrayList<>();
        for (String s : symbols) {
            if (history.span(s).isEmpty()) {
                continue;   // no bar and no DLQ row: nothing stored to count
            }
            for (LocalDate d : days) {
                if (answer(answered, s, d).storedKnown()) {
                    continue;
                }
                TimeRange expected = history.expected(s, d);
                if (!expected.isEmpty()) {
                    unknown.add(new DayRange(s, d, expected));
                }
                history.calendar().extendedHours(d).forEach(r -> unknown.add(new DayRange(s, d, r, true)));
            }
        }
        return new DayCells(history, answered, queries.storedByDay(feed, unknown), quarantined);
    }

    /** The cell of a symbol on a day (its gaps left empty). */
    Cell cell(String symbol, LocalDate day) {
        Answered a = answer(answered, symbol, day);
        TimeRange expected = history.expected(symbol, day);
        int q = count(quarantined, symbol, day);
        int x = a.storedKnown() ? extendedBits(a.stored(), day) : count(counted.extended(), symbol, day);
        if (calendar.session(day).isEmpty()) {
            return new Cell(symbol, day, 0, 0, q, 0, List.of(), DayStatus.NO_SESSION, x, 0, 0);
        }
        if (expected.isEmpty()) {
            return new Cell(symbol, day, 0, 0, q, 0, List.of(), DayStatus.NOT_INGESTED, x, 0, 0);
        }
        int bars = calendar.bars(expected);
        int first = first(calendar, expected);
        int last = last(calendar, expected);
        int held = a.storedKnown() ? a.stored().get(first, last).cardinality() : count(counted.expected(), symbol, day);
        int thin = thin(a, calendar, expected).cardinality();
        int served = a.served().get(first, last).cardinality();
        return new Cell(symbol, day, bars, held, q, history.deadLettered(symbol, expected), List.of(), DayStatus.INGESTED, x,
                Math.min(thin, bars - held), Math.max(0, served - held));
    }

    private int extendedBits(BitSet stored, LocalDate day) {
        int n = 0;
        for (TimeRange r : calendar.extendedHours(day)) {
            n += stored.get(first(calendar, r), last(calendar, r)).cardinality();
        }
        return n;
    }

    static Answered answer(Map<String, Map<LocalDate, Answered>> answered, String symbol, LocalDate day) {
        return answered.getOrDefault(symbol, Map.of()).getOrDefault(day, Answered.NONE);
    }

    /** The intervals of the range (within one UTC day) the vendor answered for without serving a bar: its thin minutes. */
    static BitSet thin(Answered a, SessionCalendar calendar, TimeRange range) {
        BitSet thin = a.asked().get(0, last(calendar, range));
        thin.andNot(a.served());
        thin.clear(0, first(calendar, range));
        return thin;
    }

    /** The day's index of the range's first interval. */
    static int first(SessionCalendar calendar, TimeRange range) {
        return DayBits.index(range.from(), calendar.barLength());
    }

    /** The day's index just past the range's last interval (the range lies within one UTC day). */
    static int last(SessionCalendar calendar, TimeRange range) {
        return DayBits.index(range.to().minus(calendar.barLength()), calendar.barLength()) + 1;
    }

    private static int count(Map<String, Map<LocalDate, Integer>> counts, String symbol, LocalDate day) {
        return counts.getOrDefault(symbol, Map.of()).getOrDefault(day, 0);
    }
}
