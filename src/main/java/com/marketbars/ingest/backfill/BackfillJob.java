package com.marketbars.ingest.backfill;

import com.marketbars.ingest.model.WriteMode;

import java.time.Instant;
import java.util.List;

/** A backfill recorded in the database, which every instance on it works on (see {@link BackfillQueue}). */
public record BackfillJob(long id, String feed, Instant from, Instant to, List<String> symbols, WriteMode writeMode,
                          Instant submittedAt, String submittedBy, Instant finishedAt) {

    public boolean finished() {
        return finishedAt != null;
    }
}
