package com.marketbars.ingest.support;

import com.marketbars.ingest.checkpoint.FeedPlan;
import com.marketbars.ingest.checkpoint.Timeframe;

import com.marketbars.ingest.checkpoint.IngestJobs;
import com.marketbars.ingest.config.FeedSettings;
import com.marketbars.ingest.providers.Provider;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.UniverseStore;
import com.marketbars.ingest.store.WriteMode;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Feed plans of the specs: the shipped defaults (1-minute bars, P1D windows, PT2M settle, 50 symbols, 10,000 bars). */
public final class Plans {
    public static final FeedPlan DEFAULT = new FeedPlan(Timeframe.ONE_MINUTE, Duration.ofDays(1), Duration.ofMinutes(2), 50, 10_000);

    private Plans() {
    }

    /** A feed of the shipped defaults (Alpaca stocks, embedded simulator) under this name. */
    public static FeedSettings feed(String name) {
        return new FeedSettings(name, Provider.ALPACA_STOCKS, "alpaca", "embedded", "iex", List.of("AAPL"), DEFAULT, "P1D",
                "0 * * * * ?", WriteMode.INSERT_ONLY);
    }

    /** The jobs of {@link #feed(String)}, whose universe is read from the database. */
    public static IngestJobs jobs(String name, Database db) {
        return new IngestJobs(feed(name), new UniverseStore(db, Clock.systemUTC(), name), Clock.systemUTC());
    }

    public static FeedPlan batches(int batchSymbols) {
        return new FeedPlan(DEFAULT.timeframe(), DEFAULT.window(), DEFAULT.settle(), batchSymbols, DEFAULT.pageLimit());
    }

    public static FeedPlan window(Duration window) {
        return new FeedPlan(DEFAULT.timeframe(), window, DEFAULT.settle(), DEFAULT.batchSymbols(), DEFAULT.pageLimit());
    }
}
