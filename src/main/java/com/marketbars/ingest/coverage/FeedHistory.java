package com.marketbars.ingest.coverage;

import com.marketbars.ingest.dlq.DeadLetter;
import com.marketbars.ingest.dlq.ReplayRequest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far a feed got, symbol by symbol, before anything is counted: the span of time it has ingested each symbol over,
 * and the windows its DLQ rows still wait on.
 * <p>
 * A symbol's span starts at the UTC midnight before its first bar (or the first DLQ window naming it: a day whose
 * every request failed was still reached). It ends at the symbol's checkpoint of the feed's scheduled cursor - every
 * bar before it was asked for. Without one (bars from backfills alone, which forget their cursors) it ends where the
 * feed's history ends: the UTC midnight after the last bar (or DLQ window) of any symbol, so a symbol that lost its
 * last days still shows them missing. Never past the feed's horizon (now less the settle time), nor before the
 * symbol's last bar's end.
 */
final class FeedHistory {
    private static final Duration DAY = Duration.ofDays(1);

    private final SessionCalendar calendar;
    private final Map<String, TimeRange> spans;
    private final Map<String, List<TimeRange>> deadLetters;
    private final int deadLetterRows;

    private FeedHistory(SessionCalendar calendar, Map<String, TimeRange> spans, Map<String, List<TimeRange>> deadLetters,
                        int deadLetterRows) {
        this.calendar = calendar;
        this.spans = spans;
        this.deadLetters = deadLetters;
        this.deadLetterRows = deadLetterRows;
    }

    /**
     * @param symbols     the symbols whose spans are wanted
     * @param extents     the first and last bar of these symbols (and of the universe, when one of them has no
     *                    checkpoint), of each that has any
     * @param checkpoints the feed's scheduled cursor of each symbol that has one
     * @param rows        the feed's DLQ rows
     * @param horizon     where the feed's windows stop now
     */
    static FeedHistory of(SessionCalendar calendar, Collection<String> symbols, Map<String, CoverageQueries.Extent> extents,
                          Map<String, Instant> checkpoints, List<DeadLetter> rows, Instant horizon) {
        Map<String, List<TimeRange>> windows = new HashMap<>();
        for (DeadLetter row : rows) {
            ReplayRequest r = row.request();
            r.symbols().forEach(s -> windows.computeIfAbsent(s, k -> new ArrayList<>()).add(new TimeRange(r.start(), r.end())));
        }
        windows.replaceAll((s, list) -> TimeRange.union(list));
        Map<String, Instant> firsts = new HashMap<>();
        Map<String, Instant> lasts = new HashMap<>();
        extents.forEach((s, e) -> {
            firsts.put(s, e.first());
            lasts.put(s, calendar.next(calendar.floor(e.last())));
        });
        windows.forEach((s, list) -> {
            firsts.merge(s, list.get(0).from(), FeedHistory::earliest);
            lasts.merge(s, list.get(list.size() - 1).to(), FeedHistory::latest);
        });
        Instant feedEnd = lasts.values().stream().reduce(FeedHistory::latest).map(FeedHistory::midnightAfter).orElse(null);
        Map<String, TimeRange> spans = new HashMap<>();
        for (String s : symbols) {
            Instant first = firsts.get(s);
            if (first == null) {
                continue;
            }
            Instant last = lasts.get(s);
            Instant cursor = checkpoints.get(s);
            Instant end = cursor == null ? feedEnd : latest(cursor, last);
            spans.put(s, new TimeRange(midnightBefore(first), earliest(end, latest(horizon, last))));
        }
        return new FeedHistory(calendar, spans, windows, rows.size());
    }

    /** The feed's DLQ rows, open or parked. */
    int deadLetterRows() {
        return deadLetterRows;
    }

    SessionCalendar calendar() {
        return calendar;
    }

    /** The span the feed has ingested the symbol over, if it ever reached it. */
    Optional<TimeRange> span(String symbol) {
        return Optional.ofNullable(spans.get(symbol));
    }

    /** The symbol's expected bar starts of the day: the day's session within its span (empty when none). */
    TimeRange expected(String symbol, LocalDate day) {
        TimeRange span = spans.get(symbol);
        Optional<TimeRange> session = calendar.session(day);
        if (span == null || session.isEmpty()) {
            return new TimeRange(Instant.EPOCH, Instant.EPOCH);
        }
        return session.get().intersect(span);
    }

    /** How many of the expected bars in {@code expected} wait in a DLQ row naming the symbol. */
    int deadLettered(String symbol, TimeRange expected) {
        int n = 0;
        for (TimeRange w : deadLetters.getOrDefault(symbol, List.of())) {
            n += calendar.bars(w.intersect(expected));
        }
        return n;
    }

    private static Instant midnightBefore(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant midnightAfter(Instant t) {
        Instant m = midnightBefore(t);
        return m.equals(t) ? m : m.plus(DAY);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
