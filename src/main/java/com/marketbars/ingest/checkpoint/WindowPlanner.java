package com.marketbars.ingest.checkpoint;

import com.marketbars.ingest.model.FeedPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plans the next window of a job from the persisted per-symbol cursors.
 * <ul>
 * <li>The symbols furthest behind go first; all symbols at that same cursor share the window (and batches).</li>
 * <li>A window ends at the earliest of: the next grid line of {@code ingest.window} (epoch-aligned, so a
 * one-day window is a UTC day and a full request is not split across two windows), the cursor of the next
 * group of symbols (so the laggards catch up and merge with them), and the horizon.</li>
 * <li>The horizon is {@code now - ingest.settle} truncated to the minute, so bars still forming are never
 * read, or a backfill's fixed end if that is earlier.</li>
 * <li>Its symbols are packed into batches by the bars the calendar lets them have in the window; a window in which the
 * exchange is closed throughout has none (see {@link BatchPacking}).</li>
 * </ul>
 * Called again after each window, it returns null when every symbol has reached the horizon. To plan windows before
 * the earlier ones are checkpointed, a catch-up uses a {@link WindowSequence}, which plans from cursors kept in memory.
 */
public final class WindowPlanner {
    private final CheckpointStore checkpoints;
    private final Clock clock;

    /** One planner serves every feed: a job brings its feed's {@link FeedPlan}. */
    public WindowPlanner(CheckpointStore checkpoints, Clock clock) {
        this.checkpoints = checkpoints;
        this.clock = clock;
    }

    public IngestWindow next(IngestJob job) {
        return next(job, checkpoints.load(job.cursorKey()));
    }

    /**
     * The window after these cursors: the persisted ones, or those a {@link WindowSequence} has planned ahead of them.
     * A symbol without a cursor starts at the job's {@code from}.
     */
    IngestWindow next(IngestJob job, Map<String, Instant> cursors) {
        Instant horizon = horizon(job);
        TreeMap<Instant, List<String>> groups = cursorGroups(job, cursors);
        if (groups.isEmpty()) {
            return null;
        }
        Instant start = groups.firstKey();
        if (!start.isBefore(horizon)) {
            return null;
        }
        Instant end = windowEnd(job.plan(), start, groups, horizon);
        List<String> symbols = groups.get(start);
        symbols.sort(null);
        int perBatch = BatchPacking.symbolsPerBatch(job.plan(), start, end);
        return perBatch == 0
                ? IngestWindow.closed(job, start, end, symbols, BatchPacking.closedReason(job.plan(), start, end))
                : new IngestWindow(job, start, end, symbols, perBatch);
    }

    /** The job's windows in order, planned ahead of their checkpoints from the cursors persisted now. */
    public WindowSequence sequence(IngestJob job) {
        return new WindowSequence(this, job, checkpoints.load(job.cursorKey()));
    }

    /** How many windows remain for the job, at most: a progress estimate, not a promise. */
    public long remainingWindows(IngestJob job) {
        TreeMap<Instant, List<String>> groups = cursorGroups(job, checkpoints.load(job.cursorKey()));
        Instant horizon = horizon(job);
        if (groups.isEmpty() || !groups.firstKey().isBefore(horizon)) {
            return 0;
        }
        long n = 0;
        Instant t = groups.firstKey();
        while (t.isBefore(horizon)) {
            t = windowEnd(job.plan(), t, groups, horizon);
            n++;
        }
        return n;
    }

    /**
     * How many of the job's windows cover [from, to) up to its horizon when no symbol has started there: the estimate
     * for a backfill shard, read without its checkpoints (a job of thousands of shards would otherwise cost as many
     * queries before its first request).
     */
    public long windowsOf(IngestJob job, Instant from, Instant to) {
        Instant end = min(to, horizon(job));
        long n = 0;
        for (Instant t = from; t.isBefore(end); t = min(gridLine(t, job.plan().window()), end)) {
            n++;
        }
        return n;
    }

    /** The end of a window starting at {@code start}: the next grid line, the next group's cursor or the horizon. */
    private static Instant windowEnd(FeedPlan plan, Instant start, TreeMap<Instant, List<String>> groups, Instant horizon) {
        Instant end = min(gridLine(start, plan.window()), horizon);
        Instant nextGroup = groups.higherKey(start);
        return nextGroup == null ? end : min(end, nextGroup);
    }

    /**
     * Where the job's windows stop: now - settle, truncated to the start of a bar (a minute, an hour, a UTC day), or
     * the job's own end if earlier.
     */
    public Instant horizon(IngestJob job) {
        Instant live = horizonAt(job.plan(), clock.instant());
        return job.to() == null ? live : min(job.to(), live);
    }

    /** The horizon as the vendor's clock puts it: {@code vendorNow - settle}, truncated to the start of a bar. */
    public static Instant horizonAt(FeedPlan plan, Instant vendorNow) {
        Instant t = vendorNow.minus(plan.settle());
        return gridLine(t, plan.timeframe().duration()).minus(plan.timeframe().duration());
    }

    private TreeMap<Instant, List<String>> cursorGroups(IngestJob job, Map<String, Instant> cursors) {
        TreeMap<Instant, List<String>> groups = new TreeMap<>();
        for (String s : job.symbols()) {
            // a cursor behind job.from is kept: a relative ingest.start (P1D) moves with the clock, and a symbol
            // whose checkpoint is older (after downtime) must still be caught up from where it stopped
            Instant c = cursors.getOrDefault(s, job.from());
            groups.computeIfAbsent(c, k -> new ArrayList<>()).add(s);
        }
        return groups;
    }

    /** The first epoch-aligned multiple of {@code step} after {@code t}. */
    private static Instant gridLine(Instant t, Duration step) {
        long w = step.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), w) * w + w);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
