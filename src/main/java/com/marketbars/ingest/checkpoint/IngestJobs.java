package com.marketbars.ingest.checkpoint;

import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.store.UniverseStore;
import com.marketbars.ingest.model.WriteMode;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Makes the jobs of one feed that the catch-up route runs: the scheduled one (its universe) and one-shot backfills. */
public final class IngestJobs {
    private final FeedSettings feed;
    private final UniverseStore universe;
    private final Clock clock;

    public IngestJobs(FeedSettings feed, UniverseStore universe, Clock clock) {
        this.feed = feed;
        this.universe = universe;
        this.clock = clock;
    }

    public String feed() {
        return feed.name();
    }

    public IngestJob scheduled() {
        return IngestJob.scheduled(feed.name(), feed.plan(), universe.load(), feed.startInstant(clock), feed.writeMode());
    }

    /** A backfill in the feed's write mode. */
    public IngestJob backfill(Instant from, Instant to, List<String> symbols) {
        return backfill(from, to, symbols, feed.writeMode());
    }

    /**
     * @param symbols the symbols to backfill; empty means the feed's whole universe
     * @param mode    the write mode of this backfill alone ({@code backfill --mode})
     */
    public IngestJob backfill(Instant from, Instant to, List<String> symbols, WriteMode mode) {
        return IngestJob.backfill(feed.name(), feed.plan(), symbols.isEmpty() ? universe.load() : symbols, from, to, mode);
    }

    /** Shard {@code shardNo} of backfill job {@code jobId} of this feed. */
    public IngestJob shard(long jobId, int shardNo, List<String> symbols, Instant from, Instant to, WriteMode mode) {
        return IngestJob.shard(feed.name(), feed.plan(), jobId, shardNo, symbols, from, to, mode);
    }

    /** The replay of a DLQ row of this feed. */
    public IngestJob replay(long deadLetterId, String cursorKey, List<String> symbols, Instant start, Instant end, WriteMode mode) {
        return IngestJob.replay(feed.name(), feed.plan(), deadLetterId, cursorKey, symbols, start, end, mode);
    }
}
