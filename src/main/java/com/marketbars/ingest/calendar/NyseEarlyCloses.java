package com.marketbars.ingest.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The days the NYSE's regular session ends at 13:00 New York instead of 16:00, by the rules it has followed since 2000
 * (its yearly published calendars, and the early closes of exchange_calendars' XNYS answer file 2000-2022):
 * <ul>
 * <li>the day after Thanksgiving, every year;</li>
 * <li>Christmas Eve on a Monday to Thursday (on a Friday it is the observed Christmas holiday);</li>
 * <li>July 3 on a Monday, Tuesday or Thursday (July 4 on a Tuesday, Wednesday or Friday). When July 4 is a Thursday,
 *     the early close was Friday July 5 until 2012 and is Wednesday July 3 since 2013. When July 4 is a Saturday
 *     (holiday Friday July 3), Sunday or Monday, there is none: 2015, 2020 and 2026 had no early close on July 2;</li>
 * <li>one day outside the rules: Friday December 26, 2003.</li>
 * </ul>
 * A day the exchange closes for another reason is not an early close ({@link NyseYear} drops it).
 */
final class NyseEarlyCloses {
    /** July 4 on a Thursday: the first year the early close moved from Friday July 5 to Wednesday July 3. */
    private static final int WEDNESDAY_BEFORE_INDEPENDENCE_DAY_SINCE = 2013;

    private NyseEarlyCloses() {
    }

    static SortedMap<LocalDate, String> of(int year) {
        SortedMap<LocalDate, String> days = new TreeMap<>();
        independenceDay(year, days);
        days.put(NyseHolidays.thanksgiving(year).plusDays(1), "Day after Thanksgiving");
        LocalDate christmasEve = LocalDate.of(year, Month.DECEMBER, 24);
        if (christmasEve.getDayOfWeek().compareTo(DayOfWeek.THURSDAY) <= 0) {
            days.put(christmasEve, "Christmas Eve");
        }
        if (year == 2003) {
            // an exchange decision that year (also in 1997), not repeated in 2008, 2014 or 2025
            days.put(LocalDate.of(2003, Month.DECEMBER, 26), "Day after Christmas");
        }
        return days;
    }

    private static void independenceDay(int year, SortedMap<LocalDate, String> days) {
        LocalDate july3 = LocalDate.of(year, Month.JULY, 3);
        switch (july3.getDayOfWeek()) {
            case MONDAY, TUESDAY, THURSDAY -> days.put(july3, "Day before Independence Day");
            case WEDNESDAY -> {
                if (year >= WEDNESDAY_BEFORE_INDEPENDENCE_DAY_SINCE) {
                    days.put(july3, "Day before Independence Day");
                } else {
                    days.put(july3.plusDays(2), "Day after Independence Day");
                }
            }
            default -> {
                // Friday July 3 is the observed holiday; on a weekend July 4 is observed on Friday or Monday
            }
        }
    }
}
