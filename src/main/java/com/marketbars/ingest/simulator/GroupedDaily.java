package com.marketbars.ingest.simulator;

import com.marketbars.ingest.calendar.NyseCalendar;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.model.Bar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Massive's grouped daily, {@code GET /v2/aggs/grouped/locale/us/market/stocks/{date}}: every ticker's day bar of one
 * date in one answer ({@code results[{T, t, o, h, l, c, v, vw, n}]}, no paging). Its bars are the ground truth's day
 * bars of the date ({@link SyntheticBars}: none on a date without a session) stamped, as Massive stamps this endpoint's
 * bars, at the session's close, 16:00 New York (13:00 on an early close) - where its aggregates endpoint stamps the same
 * day bar at the New York midnight of the date ({@link MassiveAggsQuery#dayStampMillis}).
 * <p>
 * The market is {@link #DEFAULT_MARKET} unless {@code groupedMarket} names one: about as many tickers as the US market
 * lists, so an answer weighs what a real one does (some 1.5 MB).
 */
final class GroupedDaily {
    static final String PREFIX = "/v2/aggs/grouped/locale/us/market/stocks/";

    /** Well-known tickers, then three-letter ones, 11,000 in all. */
    static final List<String> DEFAULT_MARKET = market(11_000);

    private GroupedDaily() {
    }

    static boolean isGroupedPath(String rawPath) {
        return rawPath.startsWith(PREFIX) && rawPath.length() == PREFIX.length() + 10;
    }

    /** @throws IllegalArgumentException (a 400) for a path whose date is not YYYY-MM-DD */
    static LocalDate date(String rawPath) {
        try {
            return LocalDate.parse(rawPath.substring(PREFIX.length()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid date in '" + rawPath + "': expected YYYY-MM-DD");
        }
    }

    /** The date's day bars of these tickers, stamped at the session's close; empty on a date without a session. */
    static List<Bar> bars(Realism realism, List<String> market, LocalDate date, int revision) {
        long dayStartMinute = date.toEpochDay() * 1440;
        Instant close = NyseCalendar.FIRST_DATE.isAfter(date) || !realism.nyseCalendar() ? date.atTime(LocalTime.of(16, 0)).atZone(NyseCalendar.NEW_YORK).toInstant()
                : new NyseCalendar().session(date).map(s -> s.close()).orElse(null);
        List<Bar> out = new ArrayList<>();
        if (close == null) {
            return out;
        }
        for (String ticker : market) {
            Bar b = SyntheticBars.bar(realism, VendorEndpoint.MASSIVE_STOCKS, ticker, Timeframe.ONE_DAY, dayStartMinute, revision);
            if (b != null) {
                out.add(new Bar(b.symbol(), close, b.open(), b.high(), b.low(), b.close(), b.volume(), b.tradeCount(), b.vwap()));
            }
        }
        return out;
    }

    private static List<String> market(int size) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>(List.of("AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "GOOG", "META",
                "TSLA", "AVGO", "JPM", "V", "SPY", "QQQ", "IWM", "BRK.B", "UNH", "XOM", "LLY", "MA", "HD"));
        for (int i = 0; out.size() < size; i++) {
            out.add("" + (char) ('A' + i / 676 % 26) + (char) ('A' + i / 26 % 26) + (char) ('A' + i % 26));
        }
        return List.copyOf(out);
    }
}
