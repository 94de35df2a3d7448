package com.marketbars.ingest.checkpoint;

import com.marketbars.ingest.model.FeedPlan;
import com.marketbars.ingest.model.RequestShape;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.calendar.AlwaysOpenCalendar;
import com.marketbars.ingest.calendar.NyseCalendar;
import com.marketbars.ingest.support.Plans;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests packed by the bars the exchange calendar lets a symbol have in a window, and no request when it is closed. */
class BatchPackingTest {
    private static final NyseCalendar NYSE = new NyseCalendar();

    /** Alpaca stocks as shipped: 1,000 symbols a request at most, 10,000 bars a page, 10 pages a batch, skip closed. */
    private static FeedPlan stocks(Timeframe timeframe) {
        return new FeedPlan(timeframe, Duration.ofDays(1), Duration.ofMinutes(2), 1000, 10_000, 10, RequestShape.SHARED_PAGES, NYSE, false);
    }

    @Test
    void a_live_minute_of_a_session_packs_symbols_up_to_the_request_cap() {
        Instant t = Instant.parse("2026-12-01T15:00:00Z");   // 10:00 New York, a Tuesday
        FeedPlan plan = stocks(Timeframe.ONE_MINUTE);

        assertThat(BatchPacking.barsPerSymbol(plan, t, t.plusSeconds(60))).isEqualTo(1);
        // 11,000 symbols' minute is 11 requests of 1,000, not 220 of 50
        assertThat(BatchPacking.symbolsPerBatch(plan, t, t.plusSeconds(60))).isEqualTo(1000);
    }

    @Test
    void a_days_catch_up_packs_a_batch_to_its_pages_of_the_sessions_minutes_extended_hours_included() {
        Instant day = Instant.parse("2026-12-01T00:00:00Z");
        FeedPlan plan = stocks(Timeframe.ONE_MINUTE);

        // the UTC day holds Dec 1 from 04:00 New York (09:00 UTC) to its midnight (900 minutes) and the last hour of
        // Nov 30's after-hours (20:00 New York is 01:00 UTC in winter): 960 minutes
        assertThat(BatchPacking.barsPerSymbol(plan, day, day.plus(Duration.ofDays(1)))).isEqualTo(960);
        assertThat(BatchPacking.symbolsPerBatch(plan, day, day.plus(Duration.ofDays(1)))).isEqualTo(100_000 / 960);
    }

    @Test
    void hour_and_day_feeds_count_the_hours_and_the_sessions_of_the_window() {
        Instant day = Instant.parse("2026-12-01T00:00:00Z");
        assertThat(BatchPacking.barsPerSymbol(stocks(Timeframe.ONE_HOUR), day, day.plus(Duration.ofDays(1)))).isEqualTo(16);
        // Monday Nov 30 to Sunday Dec 6: five sessions
        Instant monday = Instant.parse("2026-11-30T00:00:00Z");
        assertThat(BatchPacking.barsPerSymbol(stocks(Timeframe.ONE_DAY), monday, monday.plus(Duration.ofDays(7)))).isEqualTo(5);
        // a day feed's live day: every symbol of the market in requests of 1,000
        assertThat(BatchPacking.symbolsPerBatch(stocks(Timeframe.ONE_DAY), monday, monday.plus(Duration.ofDays(1)))).isEqualTo(1000);
    }

    @Test
    void an_early_close_has_fewer_minutes() {
        Instant friday = Instant.parse("2026-11-27T00:00:00Z");   // closes at 13:00 New York, after-hours to 17:00
        Instant fullDay = Instant.parse("2026-12-04T00:00:00Z");
        assertThat(BatchPacking.barsPerSymbol(stocks(Timeframe.ONE_MINUTE), friday, friday.plus(Duration.ofDays(1))))
                .isLessThan(BatchPacking.barsPerSymbol(stocks(Timeframe.ONE_MINUTE), fullDay, fullDay.plus(Duration.ofDays(1))));
    }

    @Test
    void a_window_the_exchange_is_closed_through_has_no_batch_and_says_why() {
        FeedPlan minutes = stocks(Timeframe.ONE_MINUTE);
        Instant sunday = Instant.parse("2026-11-29T00:00:00Z");
        assertThat(BatchPacking.symbolsPerBatch(minutes, sunday, sunday.plus(Duration.ofDays(1)))).isZero();
        assertThat(BatchPacking.closedReason(minutes, sunday, sunday.plus(Duration.ofDays(1)))).isEqualTo("Sunday");

        // Thanksgiving: a day feed asks nothing; a minute feed still asks, for Wednesday's after-hours past UTC midnight
        Instant thanksgiving = Instant.parse("2026-11-26T00:00:00Z");
        FeedPlan days = stocks(Timeframe.ONE_DAY);
        assertThat(BatchPacking.symbolsPerBatch(days, thanksgiving, thanksgiving.plus(Duration.ofDays(1)))).isZero();
        assertThat(BatchPacking.closedReason(days, thanksgiving, thanksgiving.plus(Duration.ofDays(1)))).isEqualTo("Thanksgiving Day");
        assertThat(BatchPacking.barsPerSymbol(minutes, thanksgiving, thanksgiving.plus(Duration.ofDays(1)))).isEqualTo(60);
        Instant afterMidnight = thanksgiving.plus(Duration.ofHours(1));
        assertThat(BatchPacking.symbolsPerBatch(minutes, afterMidnight, thanksgiving.plus(Duration.ofDays(1)))).isZero();

        // a night's minute
        Instant night = Instant.parse("2026-12-02T03:00:00Z");   // 22:00 New York
        assertThat(BatchPacking.symbolsPerBatch(minutes, night, night.plusSeconds(60))).isZero();
        assertThat(BatchPacking.closedReason(minutes, night, night.plusSeconds(60))).isEqualTo("outside trading hours");
    }

    @Test
    void a_feed_that_asks_anyway_asks_for_closed_windows_too() {
        FeedPlan p = stocks(Timeframe.ONE_MINUTE);
        FeedPlan ask = new FeedPlan(p.timeframe(), p.window(), p.settle(), p.batchSymbols(), p.pageLimit(), p.batchPages(),
                RequestShape.SHARED_PAGES, NYSE, true);
        Instant sunday = Instant.parse("2026-11-29T00:00:00Z");
        assertThat(BatchPacking.symbolsPerBatch(ask, sunday, sunday.plus(Duration.ofDays(1)))).isEqualTo(1000);
    }

    @Test
    void crypto_trades_every_minute_and_massive_asks_one_ticker_a_request() {
        FeedPlan crypto = new FeedPlan(Timeframe.ONE_MINUTE, Duration.ofDays(1), Duration.ofMinutes(2), 500, 10_000, 10, RequestShape.SHARED_PAGES,
                new AlwaysOpenCalendar(), false);
        Instant sunday = Instant.parse("2026-11-29T00:00:00Z");
        assertThat(BatchPacking.barsPerSymbol(crypto, sunday, sunday.plus(Duration.ofDays(1)))).isEqualTo(1440);
        assertThat(BatchPacking.symbolsPerBatch(crypto, sunday, sunday.plus(Duration.ofDays(1)))).isEqualTo(69);

        FeedPlan massive = new FeedPlan(Timeframe.ONE_MINUTE, Duration.ofDays(1), Duration.ofMinutes(2), 1, 50_000, 10, RequestShape.ONE_SYMBOL,
                NYSE, false);
        Instant t = Instant.parse("2026-12-01T15:00:00Z");
        assertThat(BatchPacking.symbolsPerBatch(massive, t, t.plusSeconds(60))).isEqualTo(1);
    }

    @Test
    void dates_the_calendar_does_not_know_are_asked_for_in_full() {
        Instant old = Instant.parse("1999-06-05T00:00:00Z");   // a Saturday before NYSE's calendar starts
        FeedPlan plan = stocks(Timeframe.ONE_MINUTE);
        assertThat(BatchPacking.barsPerSymbol(plan, old, old.plus(Duration.ofDays(1)))).isEqualTo(1440);
        assertThat(BatchPacking.symbolsPerBatch(plan, old, old.plus(Duration.ofDays(1)))).isEqualTo(69);
    }

    @Test
    void a_windows_floor_is_its_bars_over_the_page_when_symbols_share_pages() {
        FeedPlan plan = Plans.plan(Timeframe.ONE_MINUTE, Duration.ofDays(1), Duration.ZERO, 2, 100);
        IngestJob job = IngestJob.scheduled("f", plan, java.util.List.of("A", "B", "C", "D"), Instant.EPOCH,
                com.marketbars.ingest.model.WriteMode.INSERT_ONLY);
        IngestWindow w = new IngestWindow(job, Instant.EPOCH, Instant.EPOCH.plusSeconds(60), job.symbols(), 2);
        w.batches().get(0).pageWritten(30, com.marketbars.ingest.model.WriteResult.NONE);
        w.batches().get(1).pageWritten(30, com.marketbars.ingest.model.WriteResult.NONE);
        // two batches of 30 bars cost 2 requests, but the window's 60 bars fit one page of 100
        assertThat(w.requestFloor()).isEqualTo(1);
        w.batches().get(1).pageWritten(50, com.marketbars.ingest.model.WriteResult.NONE);
        assertThat(w.requestFloor()).isEqualTo(2);
        assertThat(IngestWindow.closed(job, Instant.EPOCH, Instant.EPOCH.plusSeconds(60), job.symbols(), "Sunday").requestFloor()).isZero();
    }
}
