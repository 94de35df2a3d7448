package com.marketbars.ingest.calendar;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Good Friday from the Easter computus, against the published Easter dates (and the NYSE's Good Friday closings). */
class GoodFridayTest {
    private final NyseCalendar nyse = new NyseCalendar();

    @Test
    void good_friday_is_closed_every_year_from_2000_to_2035() {
        List<LocalDate> goodFridays = NyseHolidaysTest.dates("""
                2000-04-21 2001-04-13 2002-03-29 2003-04-18 2004-04-09 2005-03-25 2006-04-14 2007-04-06 2008-03-21
                2009-04-10 2010-04-02 2011-04-22 2012-04-06 2013-03-29 2014-04-18 2015-04-03 2016-03-25 2017-04-14
                2018-03-30 2019-04-19 2020-04-10 2021-04-02 2022-04-15 2023-04-07 2024-03-29 2025-04-18 2026-04-03
                2027-03-26 2028-04-14 2029-03-30 2030-04-19 2031-04-11 2032-03-26 2033-04-15 2034-04-07 2035-03-23""");
        for (LocalDate goodFriday : goodFridays) {
            assertThat(nyse.closedReason(goodFriday)).as("%s", goodFriday).contains("Good Friday");
            assertThat(nyse.closedWeekdays(goodFriday.getYear()).entrySet()).as("%s", goodFriday.getYear())
                    .filteredOn(e -> e.getValue().equals("Good Friday")).extracting(Map.Entry::getKey)
                    .containsExactly(goodFriday);
        }
    }

    @Test
    void the_computus_reaches_the_earliest_and_latest_possible_easter() {
        assertThat(Easter.sunday(1818)).isEqualTo(LocalDate.of(1818, 3, 22));
        assertThat(Easter.sunday(2285)).isEqualTo(LocalDate.of(2285, 3, 22));
        assertThat(Easter.sunday(1943)).isEqualTo(LocalDate.of(1943, 4, 25));
        assertThat(Easter.sunday(2038)).isEqualTo(LocalDate.of(2038, 4, 25));
    }
}
