package com.marketbars.ingest.checkpoint;

import com.marketbars.ingest.config.IngestSettings;
import com.marketbars.ingest.store.UniverseStore;
import com.marketbars.ingest.store.WriteMode;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Makes the jobs the catch-up route runs: the scheduled one (the universe) and one-shot backfills. */
public final class IngestJobs {
    private final IngestSettings settings;
    private final UniverseStore universe;
    private final Clock clock;

    public IngestJobs(IngestSettings settings, UniverseStore universe, Clock clock) {
        this.settings = settings;
        this.universe = universe;
        this.clock = clock;
    }

    public IngestJob scheduled() {
        return IngestJob.scheduled(settings.source(), universe.load(), settings.startInstant(clock), settings.writeMode());
    }

    /** A backfill in the source's write mode ({@code ingest.write-mode}). */
    public IngestJob backfill(Instant from, Instant to, List<String> symbols) {
        return backfill(from, to, symbols, settings.writeMode());
    }

    /**
     * @param symbols the symbols to backfill; empty means the whole universe
     * @param mode    the write mode of this backfill alone ({@code backfill --mode})
     */
    public IngestJob backfill(Instant from, Instant to, List<String> symbols, WriteMode mode) {
        return IngestJob.backfill(settings.source(), symbols.isEmpty() ? universe.load() : symbols, from, to, mode);
    }
}
