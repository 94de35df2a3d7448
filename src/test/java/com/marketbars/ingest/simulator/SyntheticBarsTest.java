package com.marketbars.ingest.simulator;

import com.marketbars.ingest.calendar.NyseCalendar;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.model.Timeframe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticBarsTest {

    private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "NVDA", "BRK.B", "SPY");
    /** A Tuesday in New York standard time (UTC-5): trading is 14:30Z to 21:00Z. */
    private static final Instant TUESDAY = Instant.parse("2026-11-24T00:00:00Z");
    private static final Instant SATURDAY = Instant.parse("2026-11-28T00:00:00Z");
    /** A Tuesday in New York daylight time (UTC-4): trading is 13:30Z to 20:00Z. */
    private static final Instant SUMMER_TUESDAY = Instant.parse("2026-07-14T00:00:00Z");

    private static long minute(String isoInstant) {
        return Instant.parse(isoInstant).getEpochSecond() / 60;
    }

    /**
     * The dense generator the specs below describe: no thin symbols, no extended hours (the realistic default's
     * thin symbols and extended hours have specs of their own, further down).
     */
    private static final NyseCalendar NYSE = new NyseCalendar();
    private static final Realism DENSE = Realism.DEFAULT.withThinShare(0).withExtendedHours(false);

    private static List<Bar> day(String symbol, Instant midnight) {
        return SyntheticBars.range(symbol, midnight, midnight.plus(Duration.ofDays(1)));
    }

    private static List<Bar> denseDay(String symbol, Instant midnight) {
        return SyntheticBars.range(DENSE, VendorEndpoint.ALPACA_STOCKS, symbol, MINUTE, midnight, midnight.plus(Duration.ofDays(1)), 0);
    }

    @Test
    void theSameSymbolAndMinuteAlwaysGiveAnEqualBar() {
        long m = minute("2026-11-24T15:00:00Z");
        assertThat(SyntheticBars.bar("AAPL", m)).isEqualTo(SyntheticBars.bar("AAPL", m));
        assertThat(day("MSFT", TUESDAY)).isEqualTo(day("MSFT", TUESDAY));
    }

    @Test
    void differentSymbolsAndMinutesGiveDifferentBars() {
        long m = minute("2026-11-24T15:00:00Z");
        Bar aapl = SyntheticBars.bar("AAPL", m);
        Bar msft = SyntheticBars.bar("MSFT", m);
        Bar aaplLater = SyntheticBars.bar("AAPL", m + 1);
        assertThat(msft.close()).isNotEqualTo(aapl.close());
        assertThat(aaplLater.ts()).isEqualTo(aapl.ts().plusSeconds(60));
        assertThat(aaplLater).usingRecursiveComparison().ignoringFields("ts").isNotEqualTo(aapl);
    }

    @Test
    void aBarIsStampedWithItsOpeningMinuteInUtc() {
        Bar b = SyntheticBars.bar("AAPL", minute("2026-11-24T14:30:00Z"));
        assertThat(b.symbol()).isEqualTo("AAPL");
        assertThat(b.ts()).isEqualTo(Instant.parse("2026-11-24T14:30:00Z"));
    }

    @Test
    void aSaturdayAndASundayHaveNoBars() {
        for (String s : SYMBOLS) {
            assertThat(SyntheticBars.range(s, SATURDAY, SATURDAY.plus(Duration.ofDays(2)))).as(s).isEmpty();
        }
        assertThat(SyntheticBars.isTradingMinute(minute("2026-11-28T16:00:00Z"))).isFalse();
    }

    @Test
    void tradingMinutesAreNineThirtyToFourInNewYorkInWinter() {
        assertThat(SyntheticBars.isTradingMinute(minute("2026-11-24T14:29:00Z"))).isFalse();
        assertThat(SyntheticBars.isTradingMinute(minute("2026-11-24T14:30:00Z"))).isTrue();
        assertThat(SyntheticBars.isTradingMinute(minute("2026-11-24T20:59:00Z"))).isTrue();
        assertThat(SyntheticBars.isTradingMinute(minute("2026-11-24T21:00:00Z"))).isFalse();
    }

    @Test
    void tradingMinutesFollowNewYorkDaylightSavingTime() {
        assertThat(SyntheticBars.isTradingMinute(minute("2026-07-14T13:29:00Z"))).isFalse();
        assertThat(SyntheticBars.isTradingMinute(minute("2026-07-14T13:30:00Z"))).isTrue();
        assertThat(SyntheticBars.isTradingMinute(minute("2026-07-14T19:59:00Z"))).isTrue();
        assertThat(SyntheticBars.isTradingMinute(minute("2026-07-14T20:00:00Z"))).isFalse();
    }

    @Test
    void everyBarOfAWeekdayLiesInsideNewYorkTradingHours() {
        for (String s : SYMBOLS) {
            assertThat(denseDay(s, TUESDAY)).as(s).isNotEmpty().allSatisfy(b ->
                    assertThat(b.ts()).isBetween(Instant.parse("2026-11-24T14:30:00Z"), Instant.parse("2026-11-24T20:59:00Z")));
            assertThat(denseDay(s, SUMMER_TUESDAY)).as(s).isNotEmpty().allSatisfy(b ->
                    assertThat(b.ts()).isBetween(Instant.parse("2026-07-14T13:30:00Z"), Instant.parse("2026-07-14T19:59:00Z")));
        }
    }

    @Test
    void everyBarIsAValidOhlcvBar() {
        for (String s : SYMBOLS) {
            assertThat(day(s, TUESDAY)).as(s).allSatisfy(b -> {
                assertThat(b.low()).isPositive().isLessThanOrEqualTo(Math.min(b.open(), b.close()));
                assertThat(b.high()).isGreaterThanOrEqualTo(Math.max(b.open(), b.close()));
                assertThat(b.volume()).isPositive();
                if (b.tradeCount() != null) {   // absent on a few bars, as the vendors send n "when provided"
                    assertThat(b.tradeCount()).isPositive();
                }
                if (b.vwap() != null) {
                    assertThat(b.vwap()).isBetween(b.low(), b.high());
                }
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"AAPL", "MSFT", "NVDA", "BRK.B", "SPY", "GOOGL", "TSLA"})
    void aTradingDayHasAFewMissingMinutesButNotMany(String symbol) {
        assertThat(denseDay(symbol, TUESDAY)).hasSizeBetween(370, 389);
    }

    @Test
    void rangeListsTheExistingBarsOfEachMinuteInTimeOrder() {
        Instant from = Instant.parse("2026-11-24T14:00:00Z");
        Instant to = Instant.parse("2026-11-24T16:00:00Z");
        List<Bar> bars = SyntheticBars.range("AAPL", from, to);
        List<Bar> expected = new java.util.ArrayList<>();
        for (long m = from.getEpochSecond() / 60; m < to.getEpochSecond() / 60; m++) {
            if (SyntheticBars.exists("AAPL", m)) {
                expected.add(SyntheticBars.bar("AAPL", m));
            }
        }
        assertThat(bars).isNotEmpty().containsExactlyElementsOf(expected);
    }

    @Test
    void rangeIsHalfOpenFromInclusiveToExclusive() {
        List<Bar> all = day("AAPL", TUESDAY);
        Bar first = all.get(0);
        Bar second = all.get(1);
        Instant t = first.ts();

        assertThat(SyntheticBars.range("AAPL", t, second.ts())).containsExactly(first);
        assertThat(SyntheticBars.range("AAPL", t, second.ts().plusSeconds(1))).containsExactly(first, second);
        assertThat(SyntheticBars.range("AAPL", t, t)).isEmpty();
        // a bar belongs to [from, to) by its timestamp: one second past its minute excludes it, one second into it keeps it
        assertThat(SyntheticBars.range("AAPL", t.plusSeconds(1), second.ts().plusSeconds(1))).containsExactly(second);
        assertThat(SyntheticBars.range("AAPL", t.minusSeconds(1), t.plusSeconds(1))).containsExactly(first);
    }

    // ---- revisions ---------------------------------------------------------------------------------------------

    @Test
    void revisionZeroIsTheOriginalHistory() {
        for (String s : SYMBOLS) {
            assertThat(SyntheticBars.range(s, TUESDAY, TUESDAY.plus(Duration.ofDays(1)), 0)).as(s).isEqualTo(day(s, TUESDAY));
        }
    }

    @Test
    void aRevisionCorrectsAFewBarsLikeALatePrintAndKeepsThemValid() {
        int bars = 0;
        int revised = 0;
        for (String s : SYMBOLS) {
            List<Bar> original = day(s, TUESDAY);
            List<Bar> revision = SyntheticBars.range(s, TUESDAY, TUESDAY.plus(Duration.ofDays(1)), 1);
            assertThat(revision).as(s).hasSameSizeAs(original);
            for (int i = 0; i < original.size(); i++) {
                Bar o = original.get(i);
                Bar r = revision.get(i);
                bars++;
                if (r.equals(o)) {
                    continue;
                }
                revised++;
                assertThat(r.symbol()).isEqualTo(o.symbol());
                assertThat(r.ts()).isEqualTo(o.ts());
                assertThat(r.open()).isEqualTo(o.open());
                assertThat(r.volume()).isGreaterThan(o.volume());
                assertThat(r.tradeCount()).isEqualTo(o.tradeCount() == null ? null : o.tradeCount() + 1);
                assertThat(r.low()).isPositive().isLessThanOrEqualTo(Math.min(r.open(), r.close()));
                assertThat(r.high()).isGreaterThanOrEqualTo(Math.max(r.open(), r.close()));
                assertThat(r.vwap() == null).isEqualTo(o.vwap() == null);
                if (r.vwap() != null) {
                    assertThat(r.vwap()).isBetween(r.low(), r.high());
                }
            }
        }
        assertThat(revised).as("revised of %d bars", bars).isBetween(bars / 200, bars / 25);
    }

    @Test
    void eachRevisionCorrectsItsOwnBarsAndTheSameOnesEveryTime() {
        Instant end = TUESDAY.plus(Duration.ofDays(1));
        List<Bar> original = SyntheticBars.range("AAPL", TUESDAY, end);
        List<Bar> first = SyntheticBars.range("AAPL", TUESDAY, end, 1);
        List<Bar> second = SyntheticBars.range("AAPL", TUESDAY, end, 2);

        assertThat(SyntheticBars.range("AAPL", TUESDAY, end, 1)).isEqualTo(first);
        assertThat(first).isNotEqualTo(original).isNotEqualTo(second);
        assertThat(second).isNotEqualTo(original);
    }

    @Test
    void adjacentRangesSplitADayWithoutLossOrOverlap() {
        Instant noon = Instant.parse("2026-11-24T17:00:30Z");
        List<Bar> morning = SyntheticBars.range("MSFT", TUESDAY, noon);
        List<Bar> afternoon = SyntheticBars.range("MSFT", noon, TUESDAY.plus(Duration.ofDays(1)));
        List<Bar> joined = new java.util.ArrayList<>(morning);
        joined.addAll(afternoon);
        assertThat(joined).containsExactlyElementsOf(day("MSFT", TUESDAY));
    }

    // ---- endpoints and timeframes --------------------------------------------------------------------------

    @Test
    void cryptoTradesEveryMinuteOfEveryDayWithTheSameThinGaps() {
        List<Bar> saturday = SyntheticBars.range(DENSE, VendorEndpoint.ALPACA_CRYPTO, "BTC/USD", MINUTE,
                SATURDAY, SATURDAY.plus(Duration.ofDays(1)), 0);
        assertThat(saturday).hasSizeBetween(1400, 1439);
        assertThat(saturday.get(0).ts()).isBefore(SATURDAY.plusSeconds(600));
        assertThat(SyntheticBars.exists(DENSE, VendorEndpoint.ALPACA_CRYPTO, "BTC/USD", minute("2026-11-28T03:00:00Z"))
                || SyntheticBars.exists(DENSE, VendorEndpoint.ALPACA_CRYPTO, "BTC/USD", minute("2026-11-28T03:01:00Z"))).isTrue();
    }

    @Test
    void theAlpacaStocksSeriesIsTheOriginalOneAndMassiveHasItsOwn() {
        long m = minute("2026-11-24T15:00:00Z");
        assertThat(SyntheticBars.bar(VendorEndpoint.ALPACA_STOCKS, "AAPL", m, 0)).isEqualTo(SyntheticBars.bar("AAPL", m));
        assertThat(SyntheticBars.range(VendorEndpoint.ALPACA_STOCKS, "AAPL", com.marketbars.ingest.model.Timeframe.ONE_MINUTE,
                TUESDAY, TUESDAY.plus(Duration.ofDays(1)), 0)).isEqualTo(day("AAPL", TUESDAY));
        assertThat(SyntheticBars.bar(VendorEndpoint.MASSIVE_STOCKS, "AAPL", m, 0).close()).isNotEqualTo(SyntheticBars.bar("AAPL", m).close());
    }

    @Test
    void anHourBarMustStartOnTheHourAndIsCorruptedIndependentlyOfItsFirstMinute() {
        var hour = com.marketbars.ingest.model.Timeframe.ONE_HOUR;
        long h = minute("2026-11-24T15:00:00Z");
        assertThat(SyntheticBars.bar(VendorEndpoint.ALPACA_STOCKS, "AAPL", hour, h, 0).ts()).isEqualTo(Instant.parse("2026-11-24T15:00:00Z"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SyntheticBars.bar(VendorEndpoint.ALPACA_STOCKS, "AAPL", hour, h + 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        int differ = 0;
        for (long m = h; m < h + 60 * 24 * 30; m += 60) {
            boolean minuteBad = SyntheticBars.corruption(VendorEndpoint.ALPACA_STOCKS, "AAPL", com.marketbars.ingest.model.Timeframe.ONE_MINUTE, m, 42, 0.5) >= 0;
            boolean hourBad = SyntheticBars.corruption(VendorEndpoint.ALPACA_STOCKS, "AAPL", hour, m, 42, 0.5) >= 0;
            differ += minuteBad == hourBad ? 0 : 1;
        }
        assertThat(differ).as("of 720 hours, those where the hour's fate differs from its first minute's").isBetween(250, 470);
    }

    // ---- realism (issue 27): each knob of Realism ------------------------------------------------------------

    private static final Timeframe MINUTE = Timeframe.ONE_MINUTE;
    private static final List<String> TEN_SYMBOLS = List.of("AAPL", "MSFT", "NVDA", "BRK.B", "SPY", "GOOGL", "TSLA", "AMZN", "META", "JPM");
    /** Thanksgiving 2026 (closed) and the day after (an early close at 13:00 New York, 18:00Z). */
    private static final Instant THANKSGIVING = Instant.parse("2026-11-26T00:00:00Z");
    private static final Instant DAY_AFTER_THANKSGIVING = Instant.parse("2026-11-27T00:00:00Z");

    private static List<Bar> day(Realism realism, VendorEndpoint endpoint, String symbol, Instant midnight) {
        return SyntheticBars.range(realism, endpoint, symbol, MINUTE, midnight, midnight.plus(Duration.ofDays(1)), 0);
    }

    @Test
    void aFreshSimulatorServesTheDefaultRealismThatTheMethodsWithoutOneUse() {
        assertThat(new SimulatorSettings().realism()).isEqualTo(Realism.DEFAULT);
        for (VendorEndpoint e : VendorEndpoint.values()) {
            String s = e == VendorEndpoint.ALPACA_CRYPTO ? "BTC/USD" : "AAPL";
            assertThat(SyntheticBars.range(e, s, MINUTE, TUESDAY, TUESDAY.plus(Duration.ofDays(1)), 0)).as(e.name())
                    .isEqualTo(day(Realism.DEFAULT, e, s, TUESDAY));
        }
    }

    @Test
    void stockEndpointsHaveNoBarsOnAnNyseHolidayAndStopAtOnePmNewYorkOnAnEarlyClose() {
        for (VendorEndpoint e : List.of(VendorEndpoint.ALPACA_STOCKS, VendorEndpoint.MASSIVE_STOCKS)) {
            for (String s : SYMBOLS) {
                assertThat(day(DENSE, e, s, THANKSGIVING)).as(e + " " + s + " on Thanksgiving").isEmpty();
                List<Bar> early = day(DENSE, e, s, DAY_AFTER_THANKSGIVING);
                assertThat(early).as(e + " " + s + " on the day after").hasSizeBetween(195, 210).allSatisfy(b ->
                        assertThat(b.ts()).isBetween(Instant.parse("2026-11-27T14:30:00Z"), Instant.parse("2026-11-27T17:59:00Z")));
            }
        }
        assertThat(SyntheticBars.isTradingMinute(minute("2026-11-26T15:00:00Z"))).isFalse();
        assertThat(SyntheticBars.isTradingMinute(minute("2026-11-27T17:59:00Z"))).isTrue();
        assertThat(SyntheticBars.isTradingMinute(minute("2026-11-27T18:00:00Z"))).isFalse();
        // Christmas Eve 2026 is a Thursday: an early close; Christmas a holiday
        assertThat(day(DENSE, VendorEndpoint.ALPACA_STOCKS, "AAPL", Instant.parse("2026-12-24T00:00:00Z"))).hasSizeBetween(195, 210);
        assertThat(day(DENSE, VendorEndpoint.ALPACA_STOCKS, "AAPL", Instant.parse("2026-12-25T00:00:00Z"))).isEmpty();
        // crypto trades on holidays
        assertThat(day(DENSE, VendorEndpoint.ALPACA_CRYPTO, "BTC/USD", THANKSGIVING)).hasSizeGreaterThan(1400);
    }

    @Test
    void withoutTheNyseCalendarEveryWeekdayIsAFullSessionAsBeforeAndTheOtherMinutesAreTheSameBars() {
        Realism weekdays = DENSE.withNyseCalendar(false);
        assertThat(day(weekdays, VendorEndpoint.ALPACA_STOCKS, "AAPL", THANKSGIVING)).hasSizeBetween(370, 389);
        List<Bar> fullDay = day(weekdays, VendorEndpoint.ALPACA_STOCKS, "AAPL", DAY_AFTER_THANKSGIVING);
        assertThat(fullDay).hasSizeBetween(370, 389);
        assertThat(fullDay).containsAll(day(DENSE, VendorEndpoint.ALPACA_STOCKS, "AAPL", DAY_AFTER_THANKSGIVING));
        assertThat(SyntheticBars.isTradingMinute(weekdays, minute("2026-11-26T15:00:00Z"))).isTrue();
        // the calendar starts in 2000: earlier dates are weekdays either way (Thanksgiving 1999 was a Thursday)
        Instant thanksgiving1999 = Instant.parse("1999-11-25T00:00:00Z");
        assertThat(day(DENSE, VendorEndpoint.ALPACA_STOCKS, "AAPL", thanksgiving1999))
                .isEqualTo(day(weekdays, VendorEndpoint.ALPACA_STOCKS, "AAPL", thanksgiving1999)).hasSizeBetween(370, 389);
    }

    @Test
    void cryptoVolumesAreFractionalCoinsWithUpToNineDecimalsAndStockVolumesStayWhole() {
        List<Bar> btc = day(DENSE, VendorEndpoint.ALPACA_CRYPTO, "BTC/USD", SATURDAY);
        assertThat(btc).allSatisfy(b -> {
            assertThat(b.volume()).isPositive().isLessThan(java.math.BigDecimal.valueOf(100));
            assertThat(b.volume().scale()).isBetween(0, SyntheticBars.CRYPTO_VOLUME_SCALE);
            assertThat(b.volume()).isEqualTo(Bar.volume(b.volume()));   // already in its shortest form
        });
        long fractional = btc.stream().filter(b -> b.volume().scale() > 0).count();
        assertThat(fractional).as("fractional of %d", btc.size()).isGreaterThan(btc.size() * 8L / 10);
        assertThat(btc).anyMatch(b -> b.volume().compareTo(java.math.BigDecimal.ONE) < 0)
                .anyMatch(b -> b.volume().compareTo(java.math.BigDecimal.TEN) >= 0)
                .anyMatch(b -> b.volume().scale() >= 7);
        for (VendorEndpoint e : List.of(VendorEndpoint.ALPACA_STOCKS, VendorEndpoint.MASSIVE_STOCKS)) {
            assertThat(day(DENSE, e, "AAPL", TUESDAY)).as(e.name()).allSatisfy(b -> assertThat(b.volume().scale()).isZero());
        }
        List<Bar> whole = day(DENSE.withFractionalCryptoVolumes(false), VendorEndpoint.ALPACA_CRYPTO, "BTC/USD", SATURDAY);
        assertThat(whole).allSatisfy(b -> assertThat(b.volume().scale()).isZero());
        // the knob changes volumes only: the same minutes, the same prices
        assertThat(whole).extracting(Bar::ts, Bar::close).isEqualTo(btc.stream().map(b -> org.assertj.core.groups.Tuple.tuple(b.ts(), b.close())).toList());
    }

    @Test
    void aFewBarsLackTheTradeCountTheVwapOrBothAndTheSameOnesEveryTime() {
        int bars = 0;
        int noCount = 0;
        int noVwap = 0;
        int neither = 0;
        for (String s : TEN_SYMBOLS) {
            List<Bar> day = day(DENSE, VendorEndpoint.ALPACA_STOCKS, s, TUESDAY);
            assertThat(day(DENSE, VendorEndpoint.ALPACA_STOCKS, s, TUESDAY)).isEqualTo(day);
            for (Bar b : day) {
                bars++;
                noCount += b.tradeCount() == null ? 1 : 0;
                noVwap += b.vwap() == null ? 1 : 0;
                neither += b.tradeCount() == null && b.vwap() == null ? 1 : 0;
            }
        }
        // 2% of the bars: a third without n, a third without vw, a third without both
        assertThat(noCount).as("without n, of %d", bars).isBetween(bars / 100, bars * 3 / 100);
        assertThat(noVwap).as("without vw, of %d", bars).isBetween(bars / 100, bars * 3 / 100);
        assertThat(neither).as("without both, of %d", bars).isBetween(bars / 300, bars / 60);
        Realism complete = DENSE.withAbsentFieldsRate(0);
        assertThat(day(complete, VendorEndpoint.MASSIVE_STOCKS, "AAPL", TUESDAY))
                .allSatisfy(b -> assertThat(b.tradeCount() != null && b.vwap() != null).isTrue());
        // the knob leaves every other field alone
        assertThat(day(complete, VendorEndpoint.MASSIVE_STOCKS, "AAPL", TUESDAY)).extracting(Bar::ts, Bar::close, Bar::volume)
                .isEqualTo(day(DENSE, VendorEndpoint.MASSIVE_STOCKS, "AAPL", TUESDAY).stream()
                        .map(b -> org.assertj.core.groups.Tuple.tuple(b.ts(), b.close(), b.volume())).toList());
    }

    @Test
    void dayBarsAreTheirMinutesFoldedAtDefaultRealismInRevisedHistoryAcrossAClockChangeAHolidayAndAnEarlyClose() {
        // the day path folds primitives and skips the minutes without a session: it must give the bars of the minutes
        // served, thin symbols, extended hours past UTC midnight and revised minutes included
        Instant from = Instant.parse("2026-10-26T00:00:00Z");   // New York leaves summer time on 2026-11-01
        Instant to = Instant.parse("2026-11-30T00:00:00Z");     // Thanksgiving 2026-11-26, an early close on 2026-11-27
        List<String> tickers = TEN_SYMBOLS;
        assertThat(tickers).anyMatch(s -> SyntheticBars.isThin(s, Realism.DEFAULT.thinShare()))
                .anyMatch(s -> !SyntheticBars.isThin(s, Realism.DEFAULT.thinShare()));
        for (VendorEndpoint e : List.of(VendorEndpoint.ALPACA_STOCKS, VendorEndpoint.MASSIVE_STOCKS)) {
            for (int revision : new int[] {0, 3}) {
                for (String s : tickers) {
                    List<Bar> minutes = SyntheticBars.range(Realism.DEFAULT, e, s, MINUTE, from, to, revision);
                    // a date without a session has no day bar, though the previous date's after-hours reach into its UTC day
                    List<Bar> sessionDays = SimulatorClient.fold(minutes, 86_400).stream()
                            .filter(b -> NYSE.isSessionDay(LocalDate.ofInstant(b.ts(), ZoneOffset.UTC))).toList();
                    assertThat(SyntheticBars.range(Realism.DEFAULT, e, s, Timeframe.ONE_DAY, from, to, revision))
                            .as("%s %s revision %d", e, s, revision).hasSize(24).containsExactlyElementsOf(sessionDays);
                }
            }
        }
        List<Bar> crypto = SyntheticBars.range(Realism.DEFAULT, VendorEndpoint.ALPACA_CRYPTO, "ETH/USD", MINUTE, from, to, 2);
        assertThat(SyntheticBars.range(Realism.DEFAULT, VendorEndpoint.ALPACA_CRYPTO, "ETH/USD", Timeframe.ONE_DAY, from, to, 2))
                .hasSize(35).containsExactlyElementsOf(SimulatorClient.fold(crypto, 86_400));
    }

    @Test
    void hourAndDayBarsSumFractionalVolumesExactlyAndFoldOnlyTheTradeCountsAndVwapsThatArePresent() {
        Realism sparse = DENSE.withAbsentFieldsRate(0.5);
        for (VendorEndpoint e : VendorEndpoint.values()) {
            String s = e == VendorEndpoint.ALPACA_CRYPTO ? "ETH/USD" : "MSFT";
            Instant from = e == VendorEndpoint.ALPACA_CRYPTO ? SATURDAY : TUESDAY;
            Instant to = from.plus(Duration.ofDays(1));
            List<Bar> minutes = SyntheticBars.range(sparse, e, s, MINUTE, from, to, 0);
            assertThat(minutes).as(e.name()).anyMatch(b -> b.tradeCount() == null).anyMatch(b -> b.vwap() == null);
            assertThat(SyntheticBars.range(sparse, e, s, Timeframe.ONE_HOUR, from, to, 0)).as(e.name())
                    .containsExactlyElementsOf(SimulatorClient.fold(minutes, 3600));
            assertThat(SyntheticBars.range(sparse, e, s, Timeframe.ONE_DAY, from, to, 0)).as(e.name())
                    .containsExactlyElementsOf(SimulatorClient.fold(minutes, 86_400));
        }
    }

    @Test
    void thinSymbolsAreAShareOfTheUniverseByTickerWithAboutFortyPercentOfTheirMinutesEmpty() {
        assertThat(TEN_SYMBOLS).noneMatch(s -> SyntheticBars.isThin(s, 0));
        Realism thin = DENSE.withThinShare(0.3);
        List<String> universe = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            universe.add("T" + i);
        }
        long thinCount = universe.stream().filter(s -> SyntheticBars.isThin(s, 0.3)).count();
        assertThat(thinCount).as("thin of 2000").isBetween(500L, 700L);
        // a larger share keeps the thin symbols of a smaller one
        assertThat(universe).filteredOn(s -> SyntheticBars.isThin(s, 0.3)).allMatch(s -> SyntheticBars.isThin(s, 0.6));

        String thinOne = universe.stream().filter(s -> SyntheticBars.isThin(s, 0.3)).findFirst().orElseThrow();
        String busyOne = universe.stream().filter(s -> !SyntheticBars.isThin(s, 0.3)).findFirst().orElseThrow();
        for (VendorEndpoint e : VendorEndpoint.values()) {
            Instant d = e == VendorEndpoint.ALPACA_CRYPTO ? SATURDAY : TUESDAY;
            int minutes = e == VendorEndpoint.ALPACA_CRYPTO ? 1440 : 390;
            List<Bar> thinDay = day(thin, e, thinOne, d);
            List<Bar> busyDay = day(DENSE, e, thinOne, d);
            assertThat(thinDay).as(e.name()).hasSizeBetween(minutes * 50 / 100, minutes * 70 / 100);
            assertThat(busyDay).as(e.name()).containsAll(thinDay);   // thinness only takes bars away
            assertThat(day(thin, e, busyOne, d)).as(e.name()).isEqualTo(day(DENSE, e, busyOne, d));
        }
    }

    @Test
    void extendedHoursAddThinPreMarketAndAfterHoursBarsAroundAnUnchangedRegularSession() {
        Realism extended = DENSE.withExtendedHours(true);
        // Tuesday 2026-11-24, New York on UTC-5: pre-market 09:00Z-14:30Z, after-hours 21:00Z-01:00Z the next UTC day
        Instant from = Instant.parse("2026-11-24T09:00:00Z");
        List<Bar> all = SyntheticBars.range(extended, VendorEndpoint.ALPACA_STOCKS, "AAPL", MINUTE, from.minusSeconds(3600),
                Instant.parse("2026-11-25T02:00:00Z"), 0);
        List<Bar> regular = all.stream().filter(b -> SyntheticBars.isTradingMinute(b.ts().getEpochSecond() / 60)).toList();
        List<Bar> pre = all.stream().filter(b -> b.ts().isBefore(Instant.parse("2026-11-24T14:30:00Z"))).toList();
        List<Bar> after = all.stream().filter(b -> !b.ts().isBefore(Instant.parse("2026-11-24T21:00:00Z"))).toList();
        assertThat(regular).isEqualTo(day(DENSE, VendorEndpoint.ALPACA_STOCKS, "AAPL", TUESDAY));
        assertThat(pre).hasSizeBetween(330 * 20 / 100, 330 * 40 / 100)
                .allSatisfy(b -> assertThat(b.ts()).isBetween(from, Instant.parse("2026-11-24T14:29:00Z")));
        assertThat(after).hasSizeBetween(240 * 20 / 100, 240 * 40 / 100)
                .allSatisfy(b -> assertThat(b.ts()).isBetween(Instant.parse("2026-11-24T21:00:00Z"), Instant.parse("2026-11-25T00:59:00Z")))
                .anyMatch(b -> !b.ts().isBefore(Instant.parse("2026-11-25T00:00:00Z")));   // past the UTC midnight
        assertThat(pre.size() + regular.size() + after.size()).isEqualTo(all.size());
        // thinner in volume too: a tenth of a regular minute's shares
        double preMean = pre.stream().mapToDouble(b -> b.volume().doubleValue()).average().orElseThrow();
        double regularMean = regular.stream().mapToDouble(b -> b.volume().doubleValue()).average().orElseThrow();
        assertThat(preMean).isLessThan(regularMean / 5);
        // on an early close the after-hours end at 17:00 New York (22:00Z); no extended hours on a holiday
        List<Bar> early = day(extended, VendorEndpoint.ALPACA_STOCKS, "AAPL", DAY_AFTER_THANKSGIVING);
        assertThat(early).anyMatch(b -> b.ts().isAfter(Instant.parse("2026-11-27T18:00:00Z")))
                .allSatisfy(b -> assertThat(b.ts()).isBetween(Instant.parse("2026-11-27T09:00:00Z"), Instant.parse("2026-11-27T21:59:00Z")));
        List<Bar> thanksgiving = day(extended, VendorEndpoint.ALPACA_STOCKS, "AAPL", THANKSGIVING);
        assertThat(thanksgiving).as("only the Wednesday's after-hours, before 01:00Z").allSatisfy(b ->
                assertThat(b.ts()).isBefore(Instant.parse("2026-11-26T01:00:00Z")));
        assertThat(SyntheticBars.isSessionMinute(extended, minute("2026-11-24T09:00:00Z"))).isTrue();
        assertThat(SyntheticBars.isSessionMinute(extended, minute("2026-11-24T08:59:00Z"))).isFalse();
        assertThat(SyntheticBars.isSessionMinute(DENSE, minute("2026-11-24T09:00:00Z"))).isFalse();
        // crypto has no extended hours
        assertThat(day(extended, VendorEndpoint.ALPACA_CRYPTO, "BTC/USD", SATURDAY)).isEqualTo(day(DENSE, VendorEndpoint.ALPACA_CRYPTO, "BTC/USD", SATURDAY));
    }
}
