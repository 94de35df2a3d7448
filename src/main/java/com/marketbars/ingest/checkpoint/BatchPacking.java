package com.marketbars.ingest.checkpoint;

import com.marketbars.ingest.model.FeedPlan;
import com.marketbars.ingest.model.RequestShape;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.calendar.TimeSpan;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How many symbols a window's requests carry. Under a quota the scarce resource is requests, and a request is priced
 * by its pages, not its symbols: a vendor that fills a page with several symbols' bars (Alpaca: 10,000 bars a page)
 * answers 2,000 symbols' live minute in one request as well as one symbol's. So a window's symbols are packed by the
 * bars the exchange calendar lets each have in the window - an upper bound: every minute of the session with its
 * extended hours - into batches of about {@link FeedPlan#batchPages()} pages each, within the request's cap on symbols
 * ({@link FeedPlan#batchSymbols()}). A batch wastes at most its last, partly filled page, so a window costs about its
 * bars over the page limit plus one request per batch; several pages a batch keep that small while the batches still
 * run in parallel.
 * <p>
 * A window in which the calendar says nothing trades (a weekend, a holiday, a night) has no batch at all, unless the
 * feed asks anyway ({@link FeedPlan#askClosedDays()}). Dates the calendar does not know are asked for in full.
 */
public final class BatchPacking {
    private BatchPacking() {
    }

    /** Symbols a batch of the window [start, end) carries; 0 when the window is skipped, the exchange being closed. */
    public static int symbolsPerBatch(FeedPlan plan, Instant start, Instant end) {
        long bars = barsPerSymbol(plan, start, end);
        if (bars == 0 && !plan.askClosedDays()) {
            return 0;
        }
        if (plan.shape() != RequestShape.SHARED_PAGES) {
            return plan.batchSymbols();   // one symbol a request, or a whole date's market a request: nothing to pack
        }
        long fit = (long) plan.pageLimit() * plan.batchPages() / Math.max(1, bars);
        return (int) Math.max(1, Math.min(plan.batchSymbols(), fit));
    }

    /**
     * The most bars one symbol can have in [start, end) by the calendar: bars of the timeframe overlapping the
     * exchange's trading spans (day bars: one for each UTC day that is a session date).
     */
    public static long barsPerSymbol(FeedPlan plan, Instant start, Instant end) {
        long length = plan.timeframe().duration().toMillis();
        if (plan.timeframe() == Timeframe.ONE_DAY) {
            long days = 0;
            for (Instant d = start; d.isBefore(end); d = d.plusMillis(length)) {
                if (isSessionDate(plan, LocalDate.ofInstant(d, ZoneOffset.UTC))) {
                    days++;
                }
            }
            return days;
        }
        try {
            long bars = 0;
            Instant counted = start;   // an hour bar can overlap two spans: count it once
            for (TimeSpan s : plan.calendar().tradingSpans(start, end)) {
                TimeSpan grid = new TimeSpan(s.from().isBefore(counted) ? counted : s.from(), s.to());
                if (!grid.isEmpty()) {
                    TimeSpan bounds = grid.onGrid(plan.timeframe().duration());
                    Instant first = bounds.from().isBefore(counted) ? counted : bounds.from();
                    if (first.isBefore(bounds.to())) {
                        bars += (bounds.to().toEpochMilli() - first.toEpochMilli()) / length;
                        counted = bounds.to();
                    }
                }
            }
            return bars;
        } catch (IllegalArgumentException unknownDate) {
            return (end.toEpochMilli() - start.toEpochMilli()) / length;
        }
    }

    /**
     * True when the feed's exchange has a session on the date, or the calendar does not know the date (NYSE's before
     * 2000): such a date is asked for.
     */
    public static boolean isSessionDate(FeedPlan plan, LocalDate date) {
        try {
            return plan.calendar().isSessionDay(date);
        } catch (IllegalArgumentException unknownDate) {
            return true;
        }
    }

    /**
     * Why the calendar says nothing trades in [start, end): the exchange's reasons when the range's UTC dates are all
     * closed dates ("Thanksgiving Day", "Saturday, Sunday"), else "outside trading hours".
     */
    public static String closedReason(FeedPlan plan, Instant start, Instant end) {
        try {
            // our windows are cut on UTC days, and so are read: a Sunday's window is "Sunday"
            LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
            LocalDate last = LocalDate.ofInstant(end.minusMillis(1), ZoneOffset.UTC);
            List<String> reasons = new ArrayList<>();
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                Optional<String> why = plan.calendar().closedReason(d);
                if (why.isEmpty()) {
                    return "outside trading hours";
                }
                reasons.add(why.get());
            }
            return String.join(", ", reasons);
        } catch (IllegalArgumentException unknownDate) {
            return "outside trading hours";
        }
    }
}
