package com.marketbars.ingest.ratelimit;

import java.time.Instant;
import java.util.List;

/** Where the limiter remembers when it sent requests, so a restarted process knows what the vendor still counts. */
public interface RequestLog {
    void sent(String endpoint, Instant at);

    /** Send times of this endpoint at or after {@code since}, oldest first; older entries may be forgotten. */
    List<Instant> sentSince(String endpoint, Instant since);

    RequestLog NONE = new RequestLog() {
        @Override
        public void sent(String endpoint, Instant at) {
        }

        @Override
        public List<Instant> sentSince(String endpoint, Instant since) {
            return List.of();
        }
    };
}
