package com.marketbars.ingest.dlq;

import java.time.Instant;

/** The DLQ at a glance: rows waiting (parked ones included), rows parked, and the oldest row's creation time. */
public record DeadLetterStats(long depth, long parked, Instant oldest) {
}
