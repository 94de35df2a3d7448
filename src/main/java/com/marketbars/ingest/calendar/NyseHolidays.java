package com.marketbars.ingest.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.SortedMap;
import java.util.TreeMap;

import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;

/**
 * The NYSE's regular holidays of a year (NYSE Rule 7.2), computed from their rules as they stand since 2000: the ten
 * holidays the exchange publishes each year, with the names it gives them. A fixed-date holiday on a Saturday is
 * observed on the Friday before, on a Sunday on the Monday after; New Year's Day on a Saturday is not observed at all
 * (the exchange never closes on December 31 for it: NYSE's published 2022 and 2028 calendars, "no holiday observed").
 */
final class NyseHolidays {
    private NyseHolidays() {
    }

    /** The weekdays the exchange closes for a regular holiday in {@code year}, with the holiday's name. */
    static SortedMap<LocalDate, String> of(int year) {
        SortedMap<LocalDate, String> days = new TreeMap<>();
        LocalDate newYear = LocalDate.of(year, Month.JANUARY, 1);
        if (newYear.getDayOfWeek() != SATURDAY) {
            observed(days, newYear, "New Year's Day");
        }
        // MLK Day is on NYSE's calendar since 1998, so every year this calendar covers
        days.put(nth(year, Month.JANUARY, MONDAY, 3), "Martin Luther King, Jr. Day");
        days.put(nth(year, Month.FEBRUARY, MONDAY, 3), "Washington's Birthday");
        days.put(Easter.goodFriday(year), "Good Friday");
        days.put(LocalDate.of(year, Month.MAY, 1).with(TemporalAdjusters.lastInMonth(MONDAY)), "Memorial Day");
        // NYSE added Juneteenth in 2021 (Rule 7.2 amendment), first closing for it on June 20, 2022
        if (year >= 2022) {
            observed(days, LocalDate.of(year, Month.JUNE, 19), "Juneteenth National Independence Day");
        }
        observed(days, LocalDate.of(year, Month.JULY, 4), "Independence Day");
        days.put(nth(year, Month.SEPTEMBER, MONDAY, 1), "Labor Day");
        days.put(thanksgiving(year), "Thanksgiving Day");
        observed(days, LocalDate.of(year, Month.DECEMBER, 25), "Christmas Day");
        return days;
    }

    /** The fourth Thursday of November. */
    static LocalDate thanksgiving(int year) {
        return nth(year, Month.NOVEMBER, THURSDAY, 4);
    }

    private static LocalDate nth(int year, Month month, DayOfWeek day, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, day));
    }

    private static void observed(SortedMap<LocalDate, String> days, LocalDate holiday, String name) {
        LocalDate observed = switch (holiday.getDayOfWeek()) {
            case SATURDAY -> holiday.minusDays(1);
            case SUNDAY -> holiday.plusDays(1);
            default -> holiday;
        };
        days.put(observed, observed.equals(holiday) ? name : name + " (observed)");
    }
}
