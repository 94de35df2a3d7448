package com.marketbars.ingest.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The New York Stock Exchange's calendar (the session of US stock feeds): regular session 09:30-16:00 New York, 13:00
 * on an early close; extended hours 04:00-09:30 and to 20:00, to 17:00 on an early close (the NYSE Arca late trading
 * session, as each of NYSE's yearly holiday announcements states). Times are New York's, so the session moves in UTC
 * with daylight saving time (14:30 UTC in winter, 13:30 in summer).
 *
 * <p>Holidays and early closes are computed from the exchange's rules for any year from {@link #FIRST_DATE} on, so
 * that a far backfill or a far future date needs no list to be kept up to date ({@link NyseHolidays},
 * {@link NyseEarlyCloses}). The rules are checked against every published NYSE calendar 2000-2028 and projected past
 * that. The closures no rule predicts (9/11, national days of mourning, Hurricane Sandy: {@link NyseSpecialClosures})
 * are known only up to {@link #SPECIAL_CLOSURES_KNOWN_THROUGH}; a later one is a session here until it is added.
 * Dates before 2000 are refused: the exchange's rules differed then (no MLK Day before 1998, other early-close rules),
 * and no feed goes back that far.
 */
public final class NyseCalendar implements ExchangeCalendar {
    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    public static final LocalDate FIRST_DATE = LocalDate.of(2000, 1, 1);
    public static final LocalDate SPECIAL_CLOSURES_KNOWN_THROUGH = NyseSpecialClosures.KNOWN_THROUGH;

    private static final LocalTime PRE_MARKET_OPEN = LocalTime.of(4, 0);
    private static final LocalTime OPEN = LocalTime.of(9, 30);
    private static final LocalTime CLOSE = LocalTime.of(16, 0);
    private static final LocalTime EARLY_CLOSE = LocalTime.of(13, 0);
    private static final LocalTime AFTER_HOURS_CLOSE = LocalTime.of(20, 0);
    private static final LocalTime EARLY_CLOSE_AFTER_HOURS_CLOSE = LocalTime.of(17, 0);

    // coverage asks for every day of a grid: each year's rules are worked out once
    private final Map<Integer, NyseYear> years = new ConcurrentHashMap<>();

    @Override
    public ZoneId zone() {
        return NEW_YORK;
    }

    @Override
    public Optional<Session> session(LocalDate date) {
        if (closedReason(date).isPresent()) {
            return Optional.empty();
        }
        boolean early = year(date.getYear()).earlyCloses().containsKey(date);
        return Optional.of(new Session(date, at(date, PRE_MARKET_OPEN), at(date, OPEN),
                at(date, early ? EARLY_CLOSE : CLOSE),
                at(date, early ? EARLY_CLOSE_AFTER_HOURS_CLOSE : AFTER_HOURS_CLOSE), early));
    }

    /** @throws IllegalArgumentException for a date before {@link #FIRST_DATE} */
    @Override
    public Optional<String> closedReason(LocalDate date) {
        requireKnown(date);
        DayOfWeek day = date.getDayOfWeek();
        if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) {
            return Optional.of(day.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        }
        return Optional.ofNullable(year(date.getYear()).closures().get(date));
    }

    /** Why the session of the date ends at 13:00 ("Day after Thanksgiving"); empty on a full day or a closed one. */
    public Optional<String> earlyCloseReason(LocalDate date) {
        requireKnown(date);
        return Optional.ofNullable(year(date.getYear()).earlyCloses().get(date));
    }

    /** The weekdays of the year the exchange is closed, with their reasons, in date order. */
    public SortedMap<LocalDate, String> closedWeekdays(int year) {
        requireKnown(LocalDate.of(year, 12, 31));
        return year(year).closures();
    }

    /** The days of the year the regular session ends at 13:00, with their reasons, in date order. */
    public SortedMap<LocalDate, String> earlyCloses(int year) {
        requireKnown(LocalDate.of(year, 12, 31));
        return year(year).earlyCloses();
    }

    private NyseYear year(int year) {
        return years.computeIfAbsent(year, NyseYear::of);
    }

    private static Instant at(LocalDate date, LocalTime time) {
        return date.atTime(time).atZone(NEW_YORK).toInstant();
    }

    private static void requireKnown(LocalDate date) {
        if (date.isBefore(FIRST_DATE)) {
            throw new IllegalArgumentException("the NYSE calendar covers " + FIRST_DATE + " onwards (special closures "
                    + "known through " + SPECIAL_CLOSURES_KNOWN_THROUGH + "); " + date + " is before it");
        }
    }
}
