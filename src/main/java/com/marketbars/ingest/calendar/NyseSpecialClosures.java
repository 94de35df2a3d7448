package com.marketbars.ingest.calendar;

import java.time.LocalDate;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static java.util.Map.entry;

/**
 * The weekdays since 2000 on which the NYSE closed outside its holiday rules. No rule computes these: each was decided
 * days before (or on) the day, so the list is only known up to {@link #KNOWN_THROUGH}. Sources: the NYSE's historical
 * closings list as kept by the exchange_calendars and pandas_market_calendars projects (both list exactly these dates
 * from 2000 on, and the session days of exchange_calendars' XNYS answer file to 2023-01 agree), and the exchange's
 * announcements as reported at the time.
 */
final class NyseSpecialClosures {
    /** The newest date the references above cover (exchange_calendars' history as of its July 2026 revision). */
    static final LocalDate KNOWN_THROUGH = LocalDate.of(2026, 7, 23);

    private static final String SEPTEMBER_11 = "September 11 attacks";
    private static final String SANDY = "Hurricane Sandy";
    private static final String MOURNING = "National day of mourning for President ";

    private static final SortedMap<LocalDate, String> CLOSURES = new TreeMap<>(Map.ofEntries(
            // the attacks on the World Trade Center: closed Tuesday to Friday, reopened Monday September 17
            entry(LocalDate.of(2001, 9, 11), SEPTEMBER_11),
            entry(LocalDate.of(2001, 9, 12), SEPTEMBER_11),
            entry(LocalDate.of(2001, 9, 13), SEPTEMBER_11),
            entry(LocalDate.of(2001, 9, 14), SEPTEMBER_11),
            // the day of President Reagan's state funeral
            entry(LocalDate.of(2004, 6, 11), MOURNING + "Ronald Reagan"),
            // the day of President Ford's state funeral
            entry(LocalDate.of(2007, 1, 2), MOURNING + "Gerald Ford"),
            // closed for the storm two days running (the trading floor and the city's transit shut)
            entry(LocalDate.of(2012, 10, 29), SANDY),
            entry(LocalDate.of(2012, 10, 30), SANDY),
            // the day of President George H. W. Bush's state funeral
            entry(LocalDate.of(2018, 12, 5), MOURNING + "George H. W. Bush"),
            // the day of President Carter's state funeral
            entry(LocalDate.of(2025, 1, 9), MOURNING + "Jimmy Carter")));

    private NyseSpecialClosures() {
    }

    static SortedMap<LocalDate, String> in(int year) {
        return new TreeMap<>(CLOSURES.subMap(LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1)));
    }
}
