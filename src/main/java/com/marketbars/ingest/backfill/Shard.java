package com.marketbars.ingest.backfill;

import java.time.Instant;
import java.util.List;

/** One piece of a backfill job: these symbols over [from, to), on whole request batches and windows. */
public record Shard(long jobId, int number, List<String> symbols, Instant from, Instant to) {
}
