package com.marketbars.ingest.errors;

import java.time.Duration;
import java.time.Instant;

/** The database stayed unavailable for longer than {@code ingest.db.max-outage}: a one-shot command gives up. */
public class DatabaseUnavailableException extends RuntimeException {
    private final Instant since;

    public DatabaseUnavailableException(Instant since, Duration bound, Throwable last) {
        super("unavailable since " + since + ", for longer than ingest.db.max-outage (" + bound + ")", last);
        this.since = since;
    }

    public Instant since() {
        return since;
    }
}
