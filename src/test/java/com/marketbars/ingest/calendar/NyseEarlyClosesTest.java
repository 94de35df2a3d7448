package com.marketbars.ingest.calendar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NYSE's 13:00 closes against the published ones: NYSE Group's announcements for 2014-2016 and 2022-2028 and,
 * for 2000-2021, the NYSE closings history as pandas_market_calendars lists it and exchange_calendars' XNYS answer
 * file records it.
 */
class NyseEarlyClosesTest {
    private final NyseCalendar nyse = new NyseCalendar();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "2000, 2000-07-03 2000-11-24",
            "2001, 2001-07-03 2001-11-23 2001-12-24",
            // July 4 on a Thursday before 2013: the Friday after, not the Wednesday before
            "2002, 2002-07-05 2002-11-29 2002-12-24",
            // the one early close outside the rules: Friday after Christmas 2003
            "2003, 2003-07-03 2003-11-28 2003-12-24 2003-12-26",
            "2004, 2004-11-26",
            "2005, 2005-11-25",
            "2006, 2006-07-03 2006-11-24",
            "2007, 2007-07-03 2007-11-23 2007-12-24",
            // Christmas on a Thursday, and no early close on Friday December 26 (nor in 2014 or 2025)
            "2008, 2008-07-03 2008-11-28 2008-12-24",
            // July 4 on a Saturday: holiday Friday July 3, no early close on Thursday July 2
            "2009, 2009-11-27 2009-12-24",
            "2010, 2010-11-26",
            "2011, 2011-11-25",
            "2012, 2012-07-03 2012-11-23 2012-12-24",
            // July 4 on a Thursday since 2013: the Wednesday before
            "2013, 2013-07-03 2013-11-29 2013-12-24",
            "2014, 2014-07-03 2014-11-28 2014-12-24",
            "2015, 2015-11-27 2015-12-24",
            "2016, 2016-11-25",
            "2017, 2017-07-03 2017-11-24",
            "2018, 2018-07-03 2018-11-23 2018-12-24",
            "2019, 2019-07-03 2019-11-29 2019-12-24",
            "2020, 2020-11-27 2020-12-24",
            "2021, 2021-11-26",
            "2022, 2022-11-25",
            "2023, 2023-07-03 2023-11-24",
            "2024, 2024-07-03 2024-11-29 2024-12-24",
            "2025, 2025-07-03 2025-11-28 2025-12-24",
            "2026, 2026-11-27 2026-12-24",
            // Christmas observed on Friday December 24: no early close on Thursday December 23
            "2027, 2027-11-26",
            "2028, 2028-07-03 2028-11-24",
    })
    void the_early_closes_of_a_year_are_the_published_ones(int year, String published) {
        assertThat(nyse.earlyCloses(year).keySet()).containsExactlyElementsOf(NyseHolidaysTest.dates(published));
        for (LocalDate day : NyseHolidaysTest.dates(published)) {
            assertThat(nyse.session(day)).as("session of %s", day)
                    .hasValueSatisfying(s -> assertThat(s.earlyClose()).isTrue());
        }
    }

    @Test
    void each_early_close_says_why() {
        assertThat(nyse.earlyCloseReason(LocalDate.parse("2026-11-27"))).contains("Day after Thanksgiving");
        assertThat(nyse.earlyCloseReason(LocalDate.parse("2026-12-24"))).contains("Christmas Eve");
        assertThat(nyse.earlyCloseReason(LocalDate.parse("2025-07-03"))).contains("Day before Independence Day");
        assertThat(nyse.earlyCloseReason(LocalDate.parse("2002-07-05"))).contains("Day after Independence Day");
        assertThat(nyse.earlyCloseReason(LocalDate.parse("2026-11-25"))).isEmpty();
        assertThat(nyse.earlyCloseReason(LocalDate.parse("2026-11-26"))).as("a holiday is no early close").isEmpty();
    }

    @Test
    void the_july_rule_carries_on_past_the_published_years() {
        // 2030: July 4 on a Thursday (Wednesday July 3); 2031: Friday (Thursday July 3); 2032: Sunday (none)
        assertThat(nyse.earlyCloses(2030)).containsKey(LocalDate.parse("2030-07-03"));
        assertThat(nyse.earlyCloses(2031)).containsKey(LocalDate.parse("2031-07-03"));
        assertThat(nyse.earlyCloses(2032).keySet()).noneMatch(d -> d.getMonthValue() == 7);
    }
}
