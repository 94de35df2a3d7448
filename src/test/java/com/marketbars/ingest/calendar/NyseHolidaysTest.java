package com.marketbars.ingest.calendar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NYSE's closed weekdays against the published lists: NYSE Group's holiday announcements for 2011-2016 and
 * 2022-2028, and for 2000-2021 the exchange's historical closings as exchange_calendars' XNYS answer file records them
 * (from which this calendar's sessions 2000-01-01 to 2023-01-13 do not differ by a day or a minute).
 */
class NyseHolidaysTest {
    private final NyseCalendar nyse = new NyseCalendar();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // New Year's 2000 fell on a Saturday: no holiday, and 1999-12-31 was a session
            "2000, 2000-01-17 2000-02-21 2000-04-21 2000-05-29 2000-07-04 2000-09-04 2000-11-23 2000-12-25",
            "2001, 2001-01-01 2001-01-15 2001-02-19 2001-04-13 2001-05-28 2001-07-04 2001-09-03"
                    + " 2001-09-11 2001-09-12 2001-09-13 2001-09-14 2001-11-22 2001-12-25",
            // Independence Day on a Sunday (observed Monday), Christmas on a Saturday (observed Friday Dec 24)
            "2004, 2004-01-01 2004-01-19 2004-02-16 2004-04-09 2004-05-31 2004-06-11 2004-07-05 2004-09-06"
                    + " 2004-11-25 2004-12-24",
            "2005, 2005-01-17 2005-02-21 2005-03-25 2005-05-30 2005-07-04 2005-09-05 2005-11-24 2005-12-26",
            "2007, 2007-01-01 2007-01-02 2007-01-15 2007-02-19 2007-04-06 2007-05-28 2007-07-04 2007-09-03"
                    + " 2007-11-22 2007-12-25",
            "2011, 2011-01-17 2011-02-21 2011-04-22 2011-05-30 2011-07-04 2011-09-05 2011-11-24 2011-12-26",
            "2012, 2012-01-02 2012-01-16 2012-02-20 2012-04-06 2012-05-28 2012-07-04 2012-09-03"
                    + " 2012-10-29 2012-10-30 2012-11-22 2012-12-25",
            "2015, 2015-01-01 2015-01-19 2015-02-16 2015-04-03 2015-05-25 2015-07-03 2015-09-07 2015-11-26"
                    + " 2015-12-25",
            "2016, 2016-01-01 2016-01-18 2016-02-15 2016-03-25 2016-05-30 2016-07-04 2016-09-05 2016-11-24"
                    + " 2016-12-26",
            "2018, 2018-01-01 2018-01-15 2018-02-19 2018-03-30 2018-05-28 2018-07-04 2018-09-03 2018-11-22"
                    + " 2018-12-05 2018-12-25",
            "2020, 2020-01-01 2020-01-20 2020-02-17 2020-04-10 2020-05-25 2020-07-03 2020-09-07 2020-11-26"
                    + " 2020-12-25",
            // no Juneteenth yet; Christmas on a Saturday (observed Friday Dec 24); New Year's 2022 on a Saturday: Dec 31 open
            "2021, 2021-01-01 2021-01-18 2021-02-15 2021-04-02 2021-05-31 2021-07-05 2021-09-06 2021-11-25"
                    + " 2021-12-24",
            // the first Juneteenth, a Sunday observed on Monday June 20
            "2022, 2022-01-17 2022-02-21 2022-04-15 2022-05-30 2022-06-20 2022-07-04 2022-09-05 2022-11-24"
                    + " 2022-12-26",
            "2023, 2023-01-02 2023-01-16 2023-02-20 2023-04-07 2023-05-29 2023-06-19 2023-07-04 2023-09-04"
                    + " 2023-11-23 2023-12-25",
            "2024, 2024-01-01 2024-01-15 2024-02-19 2024-03-29 2024-05-27 2024-06-19 2024-07-04 2024-09-02"
                    + " 2024-11-28 2024-12-25",
            "2025, 2025-01-01 2025-01-09 2025-01-20 2025-02-17 2025-04-18 2025-05-26 2025-06-19 2025-07-04"
                    + " 2025-09-01 2025-11-27 2025-12-25",
            "2026, 2026-01-01 2026-01-19 2026-02-16 2026-04-03 2026-05-25 2026-06-19 2026-07-03 2026-09-07"
                    + " 2026-11-26 2026-12-25",
            "2027, 2027-01-01 2027-01-18 2027-02-15 2027-03-26 2027-05-31 2027-06-18 2027-07-05 2027-09-06"
                    + " 2027-11-25 2027-12-24",
            // New Year's 2028 on a Saturday: no holiday, and 2027-12-31 is a session
            "2028, 2028-01-17 2028-02-21 2028-04-14 2028-05-29 2028-06-19 2028-07-04 2028-09-04 2028-11-23"
                    + " 2028-12-25",
    })
    void the_closed_weekdays_of_a_year_are_the_published_ones(int year, String published) {
        assertThat(nyse.closedWeekdays(year).keySet()).containsExactlyElementsOf(dates(published));
    }

    @Test
    void each_holiday_has_the_name_the_exchange_publishes_and_an_observed_one_says_so() {
        assertThat(nyse.closedWeekdays(2026)).containsExactly(
                entry("2026-01-01", "New Year's Day"),
                entry("2026-01-19", "Martin Luther King, Jr. Day"),
                entry("2026-02-16", "Washington's Birthday"),
                entry("2026-04-03", "Good Friday"),
                entry("2026-05-25", "Memorial Day"),
                entry("2026-06-19", "Juneteenth National Independence Day"),
                entry("2026-07-03", "Independence Day (observed)"),
                entry("2026-09-07", "Labor Day"),
                entry("2026-11-26", "Thanksgiving Day"),
                entry("2026-12-25", "Christmas Day"));
        assertThat(nyse.closedReason(LocalDate.parse("2022-06-20"))).contains("Juneteenth National Independence Day (observed)");
        assertThat(nyse.closedReason(LocalDate.parse("2023-01-02"))).contains("New Year's Day (observed)");
        assertThat(nyse.closedReason(LocalDate.parse("2027-12-24"))).contains("Christmas Day (observed)");
    }

    @Test
    void new_years_day_on_a_saturday_closes_no_friday() {
        for (String eve : List.of("2010-12-31", "2021-12-31", "2027-12-31", "2032-12-31")) {
            LocalDate d = LocalDate.parse(eve);
            assertThat(d.plusDays(1).getDayOfWeek()).as("New Year's after %s", eve).hasToString("SATURDAY");
            assertThat(nyse.session(d)).as("session of %s", eve).hasValueSatisfying(s -> assertThat(s.earlyClose()).isFalse());
        }
    }

    @Test
    void the_special_closures_since_2000_are_named_for_their_reason() {
        assertThat(nyse.closedReason(LocalDate.parse("2001-09-11"))).contains("September 11 attacks");
        assertThat(nyse.closedReason(LocalDate.parse("2001-09-14"))).contains("September 11 attacks");
        assertThat(nyse.isSessionDay(LocalDate.parse("2001-09-17"))).as("reopened Monday 2001-09-17").isTrue();
        assertThat(nyse.closedReason(LocalDate.parse("2004-06-11"))).hasValueSatisfying(r -> assertThat(r).contains("Reagan"));
        assertThat(nyse.closedReason(LocalDate.parse("2007-01-02"))).hasValueSatisfying(r -> assertThat(r).contains("Ford"));
        assertThat(nyse.closedReason(LocalDate.parse("2012-10-29"))).contains("Hurricane Sandy");
        assertThat(nyse.closedReason(LocalDate.parse("2012-10-30"))).contains("Hurricane Sandy");
        assertThat(nyse.isSessionDay(LocalDate.parse("2012-10-31"))).isTrue();
        assertThat(nyse.closedReason(LocalDate.parse("2018-12-05"))).hasValueSatisfying(r -> assertThat(r).contains("Bush"));
        assertThat(nyse.closedReason(LocalDate.parse("2025-01-09"))).hasValueSatisfying(r -> assertThat(r).contains("Carter"));
    }

    @Test
    void the_rules_carry_on_past_the_published_years() {
        // 2035: New Year's on a Monday, Juneteenth on a Tuesday, July 4 on a Wednesday, Christmas on a Tuesday
        assertThat(nyse.closedWeekdays(2035).keySet()).containsExactlyElementsOf(dates(
                "2035-01-01 2035-01-15 2035-02-19 2035-03-23 2035-05-28 2035-06-19 2035-07-04 2035-09-03"
                        + " 2035-11-22 2035-12-25"));
    }

    @Test
    void weekends_are_closed_and_named() {
        assertThat(nyse.closedReason(LocalDate.parse("2026-11-28"))).contains("Saturday");
        assertThat(nyse.closedReason(LocalDate.parse("2026-11-29"))).contains("Sunday");
        assertThat(nyse.closedReason(LocalDate.parse("2026-11-30"))).isEmpty();
    }

    static List<LocalDate> dates(String isoDates) {
        return Arrays.stream(isoDates.trim().split("\\s+")).map(LocalDate::parse).toList();
    }

    private static java.util.Map.Entry<LocalDate, String> entry(String date, String name) {
        return java.util.Map.entry(LocalDate.parse(date), name);
    }
}
