package com.marketbars.ingest.checkpoint;

import java.time.Duration;

/**
 * How a feed's windows are cut and priced: the length of its bars, the largest window of a catch-up (epoch-aligned:
 * P1D windows are UTC days), how long a bar is still forming (never requested before), symbols asked for together,
 * and the most bars one request can bring (the request floor of a window is its bars over this, per batch).
 */
public record FeedPlan(Timeframe timeframe, Duration window, Duration settle, int batchSymbols, int pageLimit) {
    public FeedPlan {
        if (window.toMillis() % timeframe.duration().toMillis() != 0 || window.isZero()) {
            throw new IllegalArgumentException("a window of " + window + " is not a whole number of " + timeframe + " bars");
        }
        if (batchSymbols < 1 || pageLimit < 1) {
            throw new IllegalArgumentException("batch symbols and page limit must be positive");
        }
    }
}
