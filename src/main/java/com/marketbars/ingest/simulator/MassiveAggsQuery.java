package com.marketbars.ingest.simulator;

import com.marketbars.ingest.calendar.NyseCalendar;
import com.marketbars.ingest.model.Timeframe;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Massive (formerly Polygon.io) aggregates query: {@code /v2/aggs/ticker/{T}/range/1/{minute|hour|day}/{from}/{to}}
 * with {@code from} and {@code to} both inclusive, each epoch milliseconds or a UTC date (a {@code to} date includes
 * its whole day); a day bar is stamped, and falls in the range by, the New York midnight of its date, as at Massive; {@code adjusted}, {@code sort} ({@code asc}, the default, or {@code desc}: newest first, the
 * newest {@code limit} bars on the first page), {@code limit} up to 50,000 (default 5,000), {@code cursor}. A cursor
 * carries the limit, adjustment and sort of the query that issued it, as Massive's does, and only resumes a request for
 * the same path.
 */
final class MassiveAggsQuery extends BarsQuery {
    static final int MAX_LIMIT = 50_000;
    static final int DEFAULT_LIMIT = 5_000;
    private static final Pattern MILLIS = Pattern.compile("-?[0-9]{1,18}");
    private static final long DAY_MILLIS = 86_400_000L;

    final String ticker;
    final boolean adjusted;
    final String rawPath;
    /** The interval start a page begins at. */
    final long resumeMinute;

    private MassiveAggsQuery(String ticker, Timeframe timeframe, long firstMinute, long lastMinute, int limit,
                             boolean adjusted, String rawPath, long resumeMinute, boolean descending) {
        super(List.of(ticker), timeframe, firstMinute, lastMinute, limit, descending);
        this.ticker = ticker;
        this.adjusted = adjusted;
        this.rawPath = rawPath;
        this.resumeMinute = resumeMinute;
    }

    /** True when the path has the aggregates shape; anything else under the prefix is answered 404. */
    static boolean isAggregatesPath(String rawPath) {
        String[] s = rawPath.split("/", -1);
        return s.length == 10 && s[1].equals("v2") && s[2].equals("aggs") && s[3].equals("ticker") && !s[4].isEmpty()
                && s[5].equals("range");
    }

    static MassiveAggsQuery parse(URI uri) {
        String rawPath = uri.getRawPath();
        if (!isAggregatesPath(rawPath)) {
            throw new IllegalArgumentException("not an aggregates path: " + rawPath);
        }
        String[] s = rawPath.split("/", -1);
        String ticker = URLDecoder.decode(s[4], StandardCharsets.UTF_8);
        if (!s[6].equals("1")) {
            throw new IllegalArgumentException("this simulator serves multiplier 1 only");
        }
        Timeframe timeframe = switch (s[7]) {
            case "minute" -> Timeframe.ONE_MINUTE;
            case "hour" -> Timeframe.ONE_HOUR;
            case "day" -> Timeframe.ONE_DAY;
            default -> throw new IllegalArgumentException("invalid timespan '" + s[7] + "': this simulator serves minute, hour and day");
        };
        long from = millis("from", s[8], false);
        long to = millis("to", s[9], true);
        if (to < from) {
            throw new IllegalArgumentException("to is before from");
        }
        Map<String, String> p = query(uri);
        long step = SyntheticBars.minutes(timeframe);
        long first = SyntheticBars.ceilInterval(-Math.floorDiv(-from, 60_000L), step);
        long last = Math.floorDiv(Math.floorDiv(to, 60_000L), step) * step;
        if (timeframe == Timeframe.ONE_DAY) {
            // a day is in the range when its stamp, the New York midnight of its date, is
            long fromDay = Math.floorDiv(from, DAY_MILLIS);
            long toDay = Math.floorDiv(to, DAY_MILLIS);
            first = (dayStampMillis(fromDay * 1440) >= from ? fromDay : fromDay + 1) * 1440;
            last = (dayStampMillis(toDay * 1440) <= to ? toDay : toDay - 1) * 1440;
        }
        String cursor = p.get("cursor");
        if (cursor != null && !cursor.isEmpty()) {
            long[] c = decodeToken(cursor, 4, rawPath.hashCode(), "cursor");   // {minute, limit, adjusted, descending}
            return new MassiveAggsQuery(ticker, timeframe, first, last, (int) c[1], c[2] == 1, rawPath, c[0], c[3] == 1);
        }
        boolean adjusted = bool("adjusted", p.getOrDefault("adjusted", "true"));
        int limit = limit(p, "limit", DEFAULT_LIMIT, MAX_LIMIT);
        boolean descending = descending(p);
        return new MassiveAggsQuery(ticker, timeframe, first, last, limit, adjusted, rawPath, descending ? last : first, descending);
    }

    /**
     * Massive stamps a day aggregate at the New York midnight of its date (04:00 or 05:00 UTC), as its grouped daily
     * names the date; the simulator's day bar of a date is the one {@link SyntheticBars} makes of that UTC day.
     */
    static long dayStampMillis(long dayStartMinute) {
        return LocalDate.ofEpochDay(Math.floorDiv(dayStartMinute, 1440)).atStartOfDay(NyseCalendar.NEW_YORK).toInstant().toEpochMilli();
    }

    /** The cursor of the page that begins at the interval starting at {@code minute}. */
    String cursorAt(long minute) {
        return encodeToken(new long[] {minute, limit, adjusted ? 1 : 0, descending ? 1 : 0}, rawPath.hashCode());
    }

    private static long millis(String name, String value, boolean endOfDay) {
        if (MILLIS.matcher(value).matches()) {
            return Long.parseLong(value);
        }
        try {
            long dayStart = LocalDate.parse(value).toEpochDay() * DAY_MILLIS;
            return endOfDay ? dayStart + DAY_MILLIS - 1 : dayStart;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid " + name + " '" + value + "': expected epoch milliseconds or YYYY-MM-DD");
        }
    }

    private static boolean bool(String name, String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("invalid " + name + " '" + value + "': expected true or false");
    }
}
