package com.marketbars.ingest.calendar;

import java.time.LocalDate;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** One year of the NYSE's calendar: the weekdays it is closed and the days it closes early, each with its reason. */
record NyseYear(SortedMap<LocalDate, String> closures, SortedMap<LocalDate, String> earlyCloses) {

    static NyseYear of(int year) {
        SortedMap<LocalDate, String> closures = NyseHolidays.of(year);
        closures.putAll(NyseSpecialClosures.in(year));
        SortedMap<LocalDate, String> earlyCloses = NyseEarlyCloses.of(year);
        earlyCloses.keySet().removeAll(closures.keySet());
        return new NyseYear(Collections.unmodifiableSortedMap(closures),
                Collections.unmodifiableSortedMap(new TreeMap<>(earlyCloses)));
    }
}
