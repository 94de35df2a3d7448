package com.marketbars.ingest.coverage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to ask a vendor again for gaps with the fewest requests: a request costs the same whether it brings one bar or a
 * page full, so gaps are not asked for one by one. The feed's windows (epoch-aligned, {@code ingest.window}) are what a
 * backfill cuts its requests by; every window that holds a gap is asked for once, for the symbols with a gap in it,
 * over the smallest range that covers their gaps there. Consecutive windows with the same symbols make one job; a
 * window without a gap is never asked for.
 *
 * @param window the feed's {@code ingest.window}
 * @param jobs   backfill-like one-shot jobs, in time order
 */
public record RefetchPlan(Duration window, List<Job> jobs) {

    /** Symbols to ask for over [from, to). */
    public record Job(List<String> symbols, Instant from, Instant to) {
    }

    public static RefetchPlan of(Map<String, List<Gap>> gaps, Duration window) {
        long w = window.toMillis();
        // per window: the range each symbol's gaps there need
        TreeMap<Long, TreeMap<String, TimeRange>> windows = new TreeMap<>();
        gaps.forEach((symbol, list) -> {
            for (Gap g : list) {
                for (long t = g.from().toEpochMilli(); t < g.to().toEpochMilli(); ) {
                    long index = Math.floorDiv(t, w);
                    long end = Math.min(g.to().toEpochMilli(), (index + 1) * w);
                    windows.computeIfAbsent(index, k -> new TreeMap<>()).merge(symbol,
                            new TimeRange(Instant.ofEpochMilli(t), Instant.ofEpochMilli(end)), RefetchPlan::cover);
                    t = end;
                }
            }
        });
        List<Job> jobs = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (Map.Entry<Long, TreeMap<String, TimeRange>> e : windows.entrySet()) {
            List<String> symbols = List.copyOf(e.getValue().keySet());
            TimeRange range = e.getValue().values().stream().reduce(RefetchPlan::cover).orElseThrow();
            Job last = jobs.isEmpty() ? null : jobs.get(jobs.size() - 1);
            if (last != null && previous == e.getKey() - 1 && last.symbols().equals(symbols)) {
                jobs.set(jobs.size() - 1, new Job(symbols, last.from(), range.to()));
            } else {
                jobs.add(new Job(symbols, range.from(), range.to()));
            }
            previous = e.getKey();
        }
        return new RefetchPlan(window, List.copyOf(jobs));
    }

    /** How many of the feed's windows the jobs ask for. */
    public long windows() {
        long w = window.toMillis();
        return jobs.stream().mapToLong(j -> Math.floorDiv(j.to().toEpochMilli() - 1, w) - Math.floorDiv(j.from().toEpochMilli(), w) + 1).sum();
    }

    private static TimeRange cover(TimeRange a, TimeRange b) {
        return new TimeRange(a.from().isBefore(b.from()) ? a.from() : b.from(), a.to().isAfter(b.to()) ? a.to() : b.to());
    }
}
