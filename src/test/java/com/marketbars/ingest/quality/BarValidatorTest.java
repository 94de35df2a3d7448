package com.marketbars.ingest.quality;

import com.marketbars.ingest.model.QualityRule;
import com.marketbars.ingest.model.CandidateBar;
import com.marketbars.ingest.model.Rejection;
import com.marketbars.ingest.support.Plans;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.pipeline.BarPage;
import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.providers.alpaca.AlpacaBarsMapper;
import com.marketbars.ingest.providers.alpaca.AlpacaBarsResponse;
import com.marketbars.ingest.providers.massive.MassiveAggsMapper;
import com.marketbars.ingest.providers.massive.MassiveAggsResponse;
import com.marketbars.ingest.model.FeedPlan;
import com.marketbars.ingest.model.Timeframe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quality gate, driven as in production: a vendor body parsed by Jackson, mapped by {@link AlpacaBarsMapper}.
 * Every response carries two good bars around the bad one; they must survive it.
 */
class BarValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FROM = Instant.parse("2026-11-24T14:30:00Z");
    private static final Instant TO = Instant.parse("2026-11-24T15:30:00Z");
    private static final SymbolBatch BATCH = new IngestWindow(
            IngestJob.backfill("src", Plans.DEFAULT, List.of("AAPL", "MSFT"), FROM, TO, WriteMode.INSERT_ONLY), FROM, TO, List.of("AAPL", "MSFT"), 50)
            .batches().get(0);

    private static final String GOOD_AAPL =
            "{\"t\":\"2026-11-24T14:30:00Z\",\"o\":230.1,\"h\":230.5,\"l\":229.9,\"c\":230.2,\"v\":1200,\"n\":40,\"vw\":230.21}";
    private static final String GOOD_MSFT =
            "{\"t\":\"2026-11-24T14:31:00Z\",\"o\":410.0,\"h\":410.4,\"l\":409.8,\"c\":410.3,\"v\":900,\"n\":31,\"vw\":410.11}";
    private static final Bar GOOD_AAPL_BAR = new Bar("AAPL", Instant.parse("2026-11-24T14:30:00Z"),
            230.1, 230.5, 229.9, 230.2, 1200, 40, 230.21);
    private static final Bar GOOD_MSFT_BAR = new Bar("MSFT", Instant.parse("2026-11-24T14:31:00Z"),
            410.0, 410.4, 409.8, 410.3, 900, 31, 410.11);

    private static BarPage map(String body) throws Exception {
        return new AlpacaBarsMapper().toPage(JSON.readValue(body, AlpacaBarsResponse.class), BATCH, null);
    }

    /** A response with the good AAPL and MSFT bars and {@code badBar} sent for AAPL in between. */
    private static BarPage withBadAaplBar(String badBar) throws Exception {
        return map("{\"bars\":{\"AAPL\":[" + GOOD_AAPL + "," + badBar + "],\"MSFT\":[" + GOOD_MSFT + "]},"
                + "\"next_page_token\":null}");
    }

    private static void assertOnlyTheBadBarIsRejected(BarPage page, String badBar, QualityRule rule) throws Exception {
        assertThat(page.bars()).containsExactlyInAnyOrder(GOOD_AAPL_BAR, GOOD_MSFT_BAR);
        assertThat(page.rejected()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo(rule);
            assertThat(r.symbol()).isEqualTo("AAPL");
            assertThat(JSON.readTree(r.rawBar())).as("the raw bar, as sent").isEqualTo(JSON.readTree(badBar));
        });
    }

    private static void assertOnlyTheBadAaplBarIsRejected(String badBar, QualityRule rule) throws Exception {
        assertOnlyTheBadBarIsRejected(withBadAaplBar(badBar), badBar, rule);
    }

    // ---- one test per rule ---------------------------------------------------------------------------------

    @Test
    void aBarWithoutACloseIsRejectedAsMissingField() throws Exception {
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"2026-11-24T14:32:00Z\",\"o\":230.1,\"h\":230.5,\"l\":229.9,\"v\":1200,\"n\":40,\"vw\":230.2}",
                QualityRule.MISSING_FIELD);
    }

    @Test
    void aBarWithANullVolumeOrThatIsNotAnObjectIsRejectedAsMissingField() throws Exception {
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"2026-11-24T14:32:00Z\",\"o\":230.1,\"h\":230.5,\"l\":229.9,\"c\":230.2,\"v\":null}",
                QualityRule.MISSING_FIELD);
        assertOnlyTheBadAaplBarIsRejected("null", QualityRule.MISSING_FIELD);
        assertOnlyTheBadAaplBarIsRejected("[230.1,230.5]", QualityRule.MISSING_FIELD);
    }

    @Test
    void aNaNStringOpenIsRejectedAsNotANumber() throws Exception {
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"2026-11-24T14:32:00Z\",\"o\":\"NaN\",\"h\":230.5,\"l\":229.9,\"c\":230.2,\"v\":1200,\"n\":40,\"vw\":230.2}",
                QualityRule.NOT_A_NUMBER);
    }

    @Test
    void aNumberSentAsAStringOrAFractionalTradeCountIsRejectedAsNotANumber() throws Exception {
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"2026-11-24T14:32:00Z\",\"o\":230.1,\"h\":230.5,\"l\":229.9,\"c\":230.2,\"v\":\"1200\"}",
                QualityRule.NOT_A_NUMBER);
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"2026-11-24T14:32:00Z\",\"o\":230.1,\"h\":230.5,\"l\":229.9,\"c\":230.2,\"v\":12,\"n\":12.5}",
                QualityRule.NOT_A_NUMBER);
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"2026-11-24T14:32:00Z\",\"o\":230.1,\"h\":230.5,\"l\":229.9,\"c\":230.2,\"v\":12,\"vw\":\"230.2\"}",
                QualityRule.NOT_A_NUMBER);
    }

    @Test
    void aTradeCountTooLargeToStoreExactlyIsRejectedAsNotANumber() throws Exception {
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"2026-11-24T14:32:00Z\",\"o\":230.1,\"h\":230.5,\"l\":229.9,\"c\":230.2,\"v\":12,\"n\":18446744073709551616}",
                QualityRule.NOT_A_NUMBER);
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"2026-11-24T14:32:00Z\",\"o\":230.1,\"h\":230.5,\"l\":229.9,\"c\":230.2,\"v\":12,\"n\":9007199254740994}",
                QualityRule.NOT_A_NUMBER);
    }

    @Test
    void aVolumeIsAQuantityKeptExactlyAsSentFractionalOrBeyondWhatADoubleHolds() throws Exception {
        // crypto volumes are coins (fractional); whole volumes stay exact beyond 2^53, where doubles skip integers
        String[][] sentAndKept = {
            {"0.0345", "0.0345"}, {"12.5", "12.5"}, {"12345678.123456789", "12345678.123456789"},
            {"0.000000001", "0.000000001"}, {"9007199254740993", "9007199254740993"}, {"12.0", "12"},
            {"1.5e3", "1500"}, {"0", "0"}, {"0.0", "0"}, {"1e30", "1000000000000000000000000000000"},
        };
        for (String[] c : sentAndKept) {
            BarPage page = map("{\"bars\":{\"AAPL\":[{\"t\":\"2026-11-24T14:30:00Z\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":" + c[0] + "}]}}");
            assertThat(page.rejected()).as(c[0]).isEmpty();
            assertThat(page.bars()).as(c[0]).singleElement().satisfies(b -> {
                assertThat(b.volume().toPlainString()).isEqualTo(c[1]);
                assertThat(b.volume()).isEqualTo(new BigDecimal(c[1]));   // equal in value and in scale: one form per quantity
            });
        }
    }

    @Test
    void aVolumeOfABarOfAnotherShapeIsReadThroughItsTreeAndKeptToFifteenDigits() throws Exception {
        // an unknown field sends the bar the tree's way, which reads a fraction as a double: its shortest text
        BarPage page = map("{\"bars\":{\"AAPL\":[{\"t\":\"2026-11-24T14:30:00Z\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,"
                + "\"v\":1234567.12345678,\"x\":1},{\"t\":\"2026-11-24T14:31:00Z\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,"
                + "\"v\":9007199254740993,\"x\":1}]}}");
        assertThat(page.rejected()).isEmpty();
        assertThat(page.bars()).extracting(b -> b.volume().toPlainString()).containsExactly("1234567.12345678", "9007199254740993");
    }

    @Test
    void aNegativeFractionalVolumeIsRejectedAsNegative() throws Exception {
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"2026-11-24T14:32:00Z\",\"o\":230.1,\"h\":230.5,\"l\":229.9,\"c\":230.2,\"v\":-0.5}",
                QualityRule.NEGATIVE_VOLUME);
    }

    @Test
    void theLargestTradeCountStoredExactlyIsAccepted() throws Exception {
        BarPage page = map("{\"bars\":{\"AAPL\":[{\"t\":\"2026-11-24T14:30:00Z\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,"
                + "\"v\":9007199254740992,\"n\":9007199254740992}]}}");
        assertThat(page.rejected()).isEmpty();
        assertThat(page.bars()).extracting(Bar::volume, Bar::tradeCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(new BigDecimal("9007199254740992"), 9_007_199_254_740_992L));
    }

    @Test
    void anOverflowingPriceIsRejectedAsNotANumber() throws Exception {
        BarPage page = withBadAaplBar("{\"t\":\"2026-11-24T14:32:00Z\",\"o\":230.1,\"h\":1e400,\"l\":229.9,\"c\":230.2,\"v\":12}");
        assertThat(page.bars()).containsExactlyInAnyOrder(GOOD_AAPL_BAR, GOOD_MSFT_BAR);
        assertThat(page.rejected()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo(QualityRule.NOT_A_NUMBER);
            // the raw bar is the parsed tree written back: the overflow reads as Infinity, which Jackson writes as a string
            assertThat(r.rawBar()).contains("\"h\":\"Infinity\"");
        });
    }

    @Test
    void aHighBelowTheLowIsRejectedAsPriceRange() throws Exception {
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"2026-11-24T14:32:00Z\",\"o\":230.1,\"h\":228.9,\"l\":231.5,\"c\":230.2,\"v\":1200,\"n\":40,\"vw\":230.2}",
                QualityRule.PRICE_RANGE);
    }

    @Test
    void aCloseAboveTheHighIsRejectedAsPriceRange() throws Exception {
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"2026-11-24T14:32:00Z\",\"o\":230.1,\"h\":230.5,\"l\":229.9,\"c\":230.6,\"v\":1200}",
                QualityRule.PRICE_RANGE);
    }

    @Test
    void aNegativeVolumeIsRejected() throws Exception {
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"2026-11-24T14:32:00Z\",\"o\":230.1,\"h\":230.5,\"l\":229.9,\"c\":230.2,\"v\":-1200,\"n\":40,\"vw\":230.2}",
                QualityRule.NEGATIVE_VOLUME);
    }

    @Test
    void aTimestampBeforeTheWindowOrAtItsExclusiveEndIsRejectedAsOutsideWindow() throws Exception {
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"2026-11-24T14:29:00Z\",\"o\":230.1,\"h\":230.5,\"l\":229.9,\"c\":230.2,\"v\":1200}",
                QualityRule.OUTSIDE_WINDOW);
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"2026-11-24T15:30:00Z\",\"o\":230.1,\"h\":230.5,\"l\":229.9,\"c\":230.2,\"v\":1200}",
                QualityRule.OUTSIDE_WINDOW);
    }

    @Test
    void theLastMinuteOfTheWindowIsAccepted() throws Exception {
        BarPage page = map("{\"bars\":{\"AAPL\":[{\"t\":\"2026-11-24T15:29:00Z\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1}]}}");
        assertThat(page.rejected()).isEmpty();
        assertThat(page.bars()).extracting(Bar::ts).containsExactly(Instant.parse("2026-11-24T15:29:00Z"));
    }

    @Test
    void aTimestampBetweenMinutesIsRejectedAsNotOnMinute() throws Exception {
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"2026-11-24T14:30:30Z\",\"o\":230.1,\"h\":230.5,\"l\":229.9,\"c\":230.2,\"v\":1200}",
                QualityRule.NOT_ON_MINUTE);
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"2026-11-24T14:32:00.5Z\",\"o\":230.1,\"h\":230.5,\"l\":229.9,\"c\":230.2,\"v\":1200}",
                QualityRule.NOT_ON_MINUTE);
    }

    @Test
    void anHourFeedRefusesABarNotOnAWholeHourWithItsReasonAndKeepsTheOthers() throws Exception {
        Instant from = Instant.parse("2026-11-24T00:00:00Z");
        Instant to = Instant.parse("2026-11-25T00:00:00Z");
        BarPage page = new AlpacaBarsMapper().toPage(JSON.readValue("{\"bars\":{\"AAPL\":["
                + bar("2026-11-24T14:00:00Z") + "," + bar("2026-11-24T14:30:00Z") + "," + bar("2026-11-24T15:00:00Z") + "]}}",
                AlpacaBarsResponse.class), batch(Timeframe.ONE_HOUR, from, to), null);

        assertThat(page.bars()).extracting(Bar::ts)
                .containsExactly(Instant.parse("2026-11-24T14:00:00Z"), Instant.parse("2026-11-24T15:00:00Z"));
        assertThat(page.rejected()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo(QualityRule.NOT_ON_BAR);
            assertThat(r.ts()).isEqualTo("2026-11-24T14:30:00Z");
            assertThat(r.detail()).isEqualTo("2026-11-24T14:30:00Z is not on a whole hour, where 1Hour bars start");
        });
        // a minute feed takes the same 14:30 bar
        assertThat(new AlpacaBarsMapper().toPage(JSON.readValue("{\"bars\":{\"AAPL\":[" + bar("2026-11-24T14:30:00Z") + "]}}",
                AlpacaBarsResponse.class), batch(Timeframe.ONE_MINUTE, from, to), null).rejected()).isEmpty();
    }

    @Test
    void aDayFeedTakesDayBarsStampedAtUtcOrNewYorkMidnightButNotBetweenHoursAndMassiveBarsAlike() throws Exception {
        Instant from = Instant.parse("2026-11-23T00:00:00Z");
        Instant to = Instant.parse("2026-11-26T00:00:00Z");
        long utcMidnight = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();
        long newYorkMidnight = Instant.parse("2026-11-24T05:00:00Z").toEpochMilli();
        long halfPast = Instant.parse("2026-11-25T05:30:00Z").toEpochMilli();
        String body = "{\"ticker\":\"AAPL\",\"status\":\"OK\",\"results\":[" + massiveBar(utcMidnight) + "," + massiveBar(newYorkMidnight)
                + "," + massiveBar(halfPast) + "]}";

        BarPage page = new MassiveAggsMapper().toPage(JSON.readValue(body, MassiveAggsResponse.class), batch(Timeframe.ONE_DAY, from, to), null, null);

        assertThat(page.bars()).extracting(Bar::ts).containsExactly(Instant.ofEpochMilli(utcMidnight), Instant.ofEpochMilli(newYorkMidnight));
        assertThat(page.rejected()).extracting(Rejection::rule, Rejection::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple(QualityRule.NOT_ON_BAR, "2026-11-25T05:30:00Z is not on a whole hour, where 1Day bars start"));
    }

    private static SymbolBatch batch(Timeframe timeframe, Instant from, Instant to) {
        FeedPlan plan = Plans.plan(timeframe, Duration.ofDays(1), Plans.DEFAULT.settle(), 50, 10_000);
        return new IngestWindow(IngestJob.backfill("src", plan, List.of("AAPL"), from, to, WriteMode.INSERT_ONLY), from, to,
                List.of("AAPL"), 50).batches().get(0);
    }

    private static String bar(String t) {
        return "{\"t\":\"" + t + "\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1}";
    }

    private static String massiveBar(long t) {
        return "{\"T\":\"AAPL\",\"t\":" + t + ",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1}";   // a grouped-daily result
    }

    @Test
    void aBarForASymbolThatWasNotRequestedIsRejectedAsUnrequestedSymbol() throws Exception {
        String tsla = "{\"t\":\"2026-11-24T14:30:00Z\",\"o\":350.0,\"h\":351.0,\"l\":349.0,\"c\":350.5,\"v\":500}";
        BarPage page = map("{\"bars\":{\"AAPL\":[" + GOOD_AAPL + "],\"TSLA\":[" + tsla + "],\"MSFT\":[" + GOOD_MSFT + "]}}");

        assertThat(page.bars()).containsExactlyInAnyOrder(GOOD_AAPL_BAR, GOOD_MSFT_BAR);
        assertThat(page.rejected()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo(QualityRule.UNREQUESTED_SYMBOL);
            assertThat(r.symbol()).isEqualTo("TSLA");
            assertThat(JSON.readTree(r.rawBar())).isEqualTo(JSON.readTree(tsla));
        });
    }

    @Test
    void aSecondBarForTheSameSymbolAndMinuteInOneResponseIsRejectedAsDuplicate() throws Exception {
        String again = "{\"t\":\"2026-11-24T14:30:00Z\",\"o\":231.0,\"h\":231.5,\"l\":230.9,\"c\":231.2,\"v\":7}";
        assertOnlyTheBadAaplBarIsRejected(again, QualityRule.DUPLICATE_IN_RESPONSE);
    }

    @Test
    void theSameMinuteWrittenWithAnotherOffsetIsStillADuplicate() throws Exception {
        String again = "{\"t\":\"2026-11-24T09:30:00-05:00\",\"o\":231.0,\"h\":231.5,\"l\":230.9,\"c\":231.2,\"v\":7}";
        assertOnlyTheBadAaplBarIsRejected(again, QualityRule.DUPLICATE_IN_RESPONSE);
    }

    @Test
    void theSameMinuteForAnotherSymbolIsNotADuplicate() throws Exception {
        String msftAt1430 = "{\"t\":\"2026-11-24T14:30:00Z\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1}";
        BarPage page = map("{\"bars\":{\"AAPL\":[" + GOOD_AAPL + "],\"MSFT\":[" + msftAt1430 + "]}}");
        assertThat(page.rejected()).isEmpty();
        assertThat(page.bars()).hasSize(2);
    }

    @Test
    void anUnparseableTimestampIsRejectedAsBadTimestamp() throws Exception {
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"24/11/2026 14:30\",\"o\":230.1,\"h\":230.5,\"l\":229.9,\"c\":230.2,\"v\":1200}",
                QualityRule.BAD_TIMESTAMP);
        assertOnlyTheBadAaplBarIsRejected(
                "{\"t\":\"2026-11-24T14:32:00\",\"o\":230.1,\"h\":230.5,\"l\":229.9,\"c\":230.2,\"v\":1200}",
                QualityRule.BAD_TIMESTAMP);
    }

    @Test
    void theRejectionKeepsTheTimestampTextAndADetail() throws Exception {
        BarPage page = withBadAaplBar("{\"t\":\"2026-11-24T14:32:00Z\",\"o\":230.1,\"h\":228.9,\"l\":231.5,\"c\":230.2,\"v\":1}");
        assertThat(page.rejected()).singleElement().satisfies(r -> {
            assertThat(r.ts()).isEqualTo("2026-11-24T14:32:00Z");
            assertThat(r.detail()).contains("h=228.9", "l=231.5");
        });
    }

    // ---- what is accepted ----------------------------------------------------------------------------------

    @Test
    void aTimestampWithAnOffsetIsAcceptedAndNormalisedToUtc() throws Exception {
        BarPage page = map("{\"bars\":{\"AAPL\":[{\"t\":\"2026-11-24T09:30:00-05:00\",\"o\":230.1,\"h\":230.5,"
                + "\"l\":229.9,\"c\":230.2,\"v\":1200,\"n\":40,\"vw\":230.21}]}}");
        assertThat(page.rejected()).isEmpty();
        assertThat(page.bars()).containsExactly(GOOD_AAPL_BAR);
        assertThat(page.bars().get(0).ts()).isEqualTo(Instant.parse("2026-11-24T14:30:00Z"));
    }

    @Test
    void unknownFieldsInTheBodyAndInABarAreIgnored() throws Exception {
        BarPage page = map("{\"currency\":\"USD\",\"bars\":{\"AAPL\":[{\"t\":\"2026-11-24T14:30:00Z\",\"o\":230.1,"
                + "\"h\":230.5,\"l\":229.9,\"c\":230.2,\"v\":1200,\"n\":40,\"vw\":230.21,\"x\":\"new\",\"extra\":{\"a\":1}}]},"
                + "\"next_page_token\":\"QUFQTDo1\",\"symbol_count\":1}");
        assertThat(page.rejected()).isEmpty();
        assertThat(page.bars()).containsExactly(GOOD_AAPL_BAR);
        assertThat(page.nextPageToken()).isEqualTo("QUFQTDo1");
        assertThat(page.hasNext()).isTrue();
    }

    @Test
    void tradeCountAndVwapAreOptionalAndAbsentIsNullNeverZero() throws Exception {
        BarPage page = map("{\"bars\":{\"MSFT\":[{\"t\":\"2026-11-24T14:31:00Z\",\"o\":410.0,\"h\":410.4,\"l\":409.8,\"c\":410.3,\"v\":900},"
                + "{\"t\":\"2026-11-24T14:32:00Z\",\"o\":410.0,\"h\":410.4,\"l\":409.8,\"c\":410.3,\"v\":900,\"n\":null,\"vw\":null}]}}");
        assertThat(page.rejected()).isEmpty();
        assertThat(page.bars()).containsExactly(
                new Bar("MSFT", Instant.parse("2026-11-24T14:31:00Z"), 410.0, 410.4, 409.8, 410.3, BigDecimal.valueOf(900), null, null),
                new Bar("MSFT", Instant.parse("2026-11-24T14:32:00Z"), 410.0, 410.4, 409.8, 410.3, BigDecimal.valueOf(900), null, null));
    }

    @Test
    void aResponseWithoutBarsIsAnEmptyLastPage() throws Exception {
        for (String body : List.of("{\"bars\":{},\"next_page_token\":null}", "{\"bars\":null}", "{}", "{\"bars\":{\"AAPL\":null}}")) {
            BarPage page = map(body);
            assertThat(page.bars()).as(body).isEmpty();
            assertThat(page.rejected()).as(body).isEmpty();
            assertThat(page.hasNext()).as(body).isFalse();
        }
    }

    @Test
    void aValidatorUsedDirectlyAppliesTheSameRules() {
        BarValidator v = new BarValidator(java.util.Set.of("AAPL"), FROM, TO);
        List<Bar> accepted = new java.util.ArrayList<>();
        List<Rejection> rejected = new java.util.ArrayList<>();
        v.check(new CandidateBar("AAPL", "2026-11-24T14:30:00Z", 1.0, 2.0, 0.5, 1.5, 10.0, 2.0, 1.2, "{}"), accepted, rejected);
        v.check(new CandidateBar("AAPL", "2026-11-24T14:31:00Z", Double.NaN, 2.0, 0.5, 1.5, 10.0, 2.0, 1.2, "{}"), accepted, rejected);
        v.check(new CandidateBar("AAPL", "2026-11-24T14:32:00Z", 1.0, 2.0, 0.5, 1.5, 10.0, -2.0, 1.2, "{}"), accepted, rejected);
        v.check(new CandidateBar("AAPL", "2026-11-24T14:33:00Z", 1.0, 2.0, 0.5, 1.5, 10.0, 2.0, Double.POSITIVE_INFINITY, "{}"), accepted, rejected);

        assertThat(accepted).extracting(Bar::ts).containsExactly(FROM);
        assertThat(rejected).extracting(Rejection::rule)
                .containsExactly(QualityRule.NOT_A_NUMBER, QualityRule.NEGATIVE_VOLUME, QualityRule.NOT_A_NUMBER);
    }

    @Test
    void aDuplicateIsTheSameSymbolAndIntervalWhateverTheGridAndTheWindowsStart() {
        // day bars are held to the hour; this window starts off the hour grid (15 minutes past), and spans two days
        Instant start = Instant.parse("2026-11-23T00:15:00Z");
        Instant end = Instant.parse("2026-11-25T00:15:00Z");
        BarValidator v = new BarValidator(java.util.Set.of("AAPL", "MSFT"), start, end, Timeframe.ONE_DAY);
        List<Bar> accepted = new java.util.ArrayList<>();
        List<Rejection> rejected = new java.util.ArrayList<>();
        for (String t : List.of("2026-11-23T05:00:00Z", "2026-11-23T06:00:00Z", "2026-11-24T05:00:00Z", "2026-11-25T00:00:00Z",
                "2026-11-23T01:00:00Z", "2026-11-24T05:00:00Z", "2026-11-25T00:00:00Z", "2026-11-23T01:00:00Z")) {
            v.check(new CandidateBar("AAPL", t, 1.0, 2.0, 0.5, 1.5, 10.0, 2.0, 1.2, "{}"), accepted, rejected);
        }
        v.check(new CandidateBar("MSFT", "2026-11-24T05:00:00Z", 1.0, 2.0, 0.5, 1.5, 10.0, 2.0, 1.2, "{}"), accepted, rejected);

        assertThat(accepted).extracting(b -> b.symbol() + " " + b.ts()).containsExactly(
                "AAPL 2026-11-23T05:00:00Z", "AAPL 2026-11-23T06:00:00Z", "AAPL 2026-11-24T05:00:00Z",
                "AAPL 2026-11-25T00:00:00Z", "AAPL 2026-11-23T01:00:00Z", "MSFT 2026-11-24T05:00:00Z");
        assertThat(rejected).extracting(r -> r.rule() + " " + r.detail()).containsExactly(
                "DUPLICATE_IN_RESPONSE 2026-11-24T05:00:00Z", "DUPLICATE_IN_RESPONSE 2026-11-25T00:00:00Z",
                "DUPLICATE_IN_RESPONSE 2026-11-23T01:00:00Z");
    }
}
