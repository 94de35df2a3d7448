package com.marketbars.ingest.checkpoint;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A job's windows in order, planned ahead of their checkpoints. It starts from the persisted cursors and keeps in
 * memory how far each symbol is planned, so each window is the one {@link WindowPlanner#next(IngestJob)} would give
 * once every window before it were checkpointed. One instant per symbol of the job: its size does not grow with the
 * length of the range. Not thread-safe: one planner thread uses it.
 */
public final class WindowSequence {
    private final WindowPlanner planner;
    private final IngestJob job;
    private final Map<String, Instant> plannedUntil;

    WindowSequence(WindowPlanner planner, IngestJob job, Map<String, Instant> persisted) {
        this.planner = planner;
        this.job = job;
        this.plannedUntil = new HashMap<>(persisted);
    }

    /** The window after the last one planned, or null once every symbol is planned up to the horizon. */
    public IngestWindow next() {
        IngestWindow w = planner.next(job, plannedUntil);
        if (w != null) {
            for (String s : w.symbols()) {
                plannedUntil.put(s, w.end());
            }
        }
        return w;
    }

    public IngestJob job() {
        return job;
    }
}
