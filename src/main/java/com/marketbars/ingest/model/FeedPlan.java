package com.marketbars.ingest.model;

import com.marketbars.ingest.calendar.ExchangeCalendar;

import java.time.Duration;

/**
 * How a feed's windows are cut and priced: the length of its bars, the largest window of a catch-up (epoch-aligned:
 * P1D windows are UTC days), how long a bar is still forming (never requested before), and how its requests are packed
 * (see {@link BatchPacking}).
 *
 * @param batchSymbols      the most symbols one request may carry ({@code ingest.batch.symbols}: a cap, by default
 *                          the provider's, which keeps a request's URL under about 8 KB)
 * @param pageLimit         the most bars one page brings ({@code ingest.vendor.page-limit})
 * @param batchPages        how many pages of bars a batch is packed to hold, by the bars the calendar lets a symbol
 *                          have in the window ({@code ingest.batch.pages})
 * @param shape             how the vendor's requests carry symbols and bars (see {@link RequestShape})
 * @param calendar          when the feed's exchange trades
 * @param askClosedDays     true to ask the vendor even for a window in which the calendar says nothing trades
 *                          ({@code ingest.closed-days=ask}); false skips such windows without a request
 */
public record FeedPlan(Timeframe timeframe, Duration window, Duration settle, int batchSymbols, int pageLimit,
                       int batchPages, RequestShape shape, ExchangeCalendar calendar, boolean askClosedDays) {
    public FeedPlan {
        if (window.toMillis() % timeframe.duration().toMillis() != 0 || window.isZero()) {
            throw new IllegalArgumentException("a window of " + window + " is not a whole number of " + timeframe + " bars");
        }
        if (batchSymbols < 1 || pageLimit < 1 || batchPages < 1) {
            throw new IllegalArgumentException("batch symbols, page limit and batch pages must be positive");
        }
    }
}
