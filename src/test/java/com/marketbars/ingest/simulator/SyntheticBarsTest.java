package com.marketbars.ingest.simulator;

import com.marketbars.ingest.pipeline.Bar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
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

    private static List<Bar> day(String symbol, Instant midnight) {
        return SyntheticBars.range(symbol, midnight, midnight.plus(Duration.ofDays(1)));
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
            assertThat(day(s, TUESDAY)).as(s).isNotEmpty().allSatisfy(b ->
                    assertThat(b.ts()).isBetween(Instant.parse("2026-11-24T14:30:00Z"), Instant.parse("2026-11-24T20:59:00Z")));
            assertThat(day(s, SUMMER_TUESDAY)).as(s).isNotEmpty().allSatisfy(b ->
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
                assertThat(b.tradeCount()).isPositive();
                assertThat(b.vwap()).isBetween(b.low(), b.high());
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"AAPL", "MSFT", "NVDA", "BRK.B", "SPY", "GOOGL", "TSLA"})
    void aTradingDayHasAFewMissingMinutesButNotMany(String symbol) {
        assertThat(day(symbol, TUESDAY)).hasSizeBetween(370, 389);
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
                assertThat(r.tradeCount()).isEqualTo(o.tradeCount() + 1);
                assertThat(r.low()).isPositive().isLessThanOrEqualTo(Math.min(r.open(), r.close()));
                assertThat(r.high()).isGreaterThanOrEqualTo(Math.max(r.open(), r.close()));
                assertThat(r.vwap()).isBetween(r.low(), r.high());
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
        List<Bar> saturday = SyntheticBars.range(VendorEndpoint.ALPACA_CRYPTO, "BTC/USD", com.marketbars.ingest.checkpoint.Timeframe.ONE_MINUTE,
                SATURDAY, SATURDAY.plus(Duration.ofDays(1)), 0);
        assertThat(saturday).hasSizeBetween(1400, 1439);
        assertThat(saturday.get(0).ts()).isBefore(SATURDAY.plusSeconds(600));
        assertThat(SyntheticBars.exists(VendorEndpoint.ALPACA_CRYPTO, "BTC/USD", minute("2026-11-28T03:00:00Z"))
                || SyntheticBars.exists(VendorEndpoint.ALPACA_CRYPTO, "BTC/USD", minute("2026-11-28T03:01:00Z"))).isTrue();
    }

    @Test
    void theAlpacaStocksSeriesIsTheOriginalOneAndMassiveHasItsOwn() {
        long m = minute("2026-11-24T15:00:00Z");
        assertThat(SyntheticBars.bar(VendorEndpoint.ALPACA_STOCKS, "AAPL", m, 0)).isEqualTo(SyntheticBars.bar("AAPL", m));
        assertThat(SyntheticBars.range(VendorEndpoint.ALPACA_STOCKS, "AAPL", com.marketbars.ingest.checkpoint.Timeframe.ONE_MINUTE,
                TUESDAY, TUESDAY.plus(Duration.ofDays(1)), 0)).isEqualTo(day("AAPL", TUESDAY));
        assertThat(SyntheticBars.bar(VendorEndpoint.MASSIVE_STOCKS, "AAPL", m, 0).close()).isNotEqualTo(SyntheticBars.bar("AAPL", m).close());
    }

    @Test
    void anHourBarMustStartOnTheHourAndIsCorruptedIndependentlyOfItsFirstMinute() {
        var hour = com.marketbars.ingest.checkpoint.Timeframe.ONE_HOUR;
        long h = minute("2026-11-24T15:00:00Z");
        assertThat(SyntheticBars.bar(VendorEndpoint.ALPACA_STOCKS, "AAPL", hour, h, 0).ts()).isEqualTo(Instant.parse("2026-11-24T15:00:00Z"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SyntheticBars.bar(VendorEndpoint.ALPACA_STOCKS, "AAPL", hour, h + 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        int differ = 0;
        for (long m = h; m < h + 60 * 24 * 30; m += 60) {
            boolean minuteBad = SyntheticBars.corruption(VendorEndpoint.ALPACA_STOCKS, "AAPL", com.marketbars.ingest.checkpoint.Timeframe.ONE_MINUTE, m, 42, 0.5) >= 0;
            boolean hourBad = SyntheticBars.corruption(VendorEndpoint.ALPACA_STOCKS, "AAPL", hour, m, 42, 0.5) >= 0;
            differ += minuteBad == hourBad ? 0 : 1;
        }
        assertThat(differ).as("of 720 hours, those where the hour's fate differs from its first minute's").isBetween(250, 470);
    }
}
