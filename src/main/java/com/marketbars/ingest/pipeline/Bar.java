package com.marketbars.ingest.pipeline;

import java.time.Instant;

/** One validated 1-minute OHLCV bar, vendor-neutral. {@code ts} is the bar's opening minute, UTC. */
public record Bar(String symbol, Instant ts, double open, double high, double low, double close,
                  long volume, long tradeCount, double vwap) {
}
