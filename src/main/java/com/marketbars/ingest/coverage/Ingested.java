package com.marketbars.ingest.coverage;

import java.time.Instant;

/**
 * The span of time a feed has ingested a symbol over, [from, to): from the UTC midnight before its first bar to its
 * checkpoint (see {@link Coverage}). Outside it nothing is missing: the feed never got there.
 */
public record Ingested(String symbol, Instant from, Instant to) {
}
