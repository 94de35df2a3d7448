package com.marketbars.ingest.support;

import com.marketbars.ingest.calendar.AlwaysOpenCalendar;
import com.marketbars.ingest.calendar.ExchangeCalendar;
import com.marketbars.ingest.model.FeedPlan;
import com.marketbars.ingest.model.RequestShape;
import com.marketbars.ingest.model.Timeframe;

import com.marketbars.ingest.checkpoint.IngestJobs;
import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.model.Provider;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.UniverseStore;
import com.marketbars.ingest.model.WriteMode;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Feed plans of the specs: 1-minute bars, P1D windows, PT2M settle, at most 50 symbols a request, 10,000 bars a page,
 * batches packed to 10 pages, on a market open at every minute (so a spec's dates need not be session days; the specs
 * of the calendar's part in planning build their plans on NYSE's calendar).
 */
public final class Plans {
    private static final ExchangeCalendar ALWAYS_OPEN = new AlwaysOpenCalendar();
    public static final FeedPlan DEFAULT = plan(Timeframe.ONE_MINUTE, Duration.ofDays(1), Duration.ofMinutes(2), 50, 10_000);

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

    /** A plan of pages shared by symbols (Alpaca's protocol), 10 pages a batch, on a market open at every minute. */
    public static FeedPlan plan(Timeframe timeframe, Duration window, Duration settle, int batchSymbols, int pageLimit) {
        return new FeedPlan(timeframe, window, settle, batchSymbols, pageLimit, 10, RequestShape.SHARED_PAGES, ALWAYS_OPEN, false);
    }

    public static FeedPlan batches(int batchSymbols) {
        return plan(DEFAULT.timeframe(), DEFAULT.window(), DEFAULT.settle(), batchSymbols, DEFAULT.pageLimit());
    }

    public static FeedPlan window(Duration window) {
        return plan(DEFAULT.timeframe(), window, DEFAULT.settle(), DEFAULT.batchSymbols(), DEFAULT.pageLimit());
    }
}
