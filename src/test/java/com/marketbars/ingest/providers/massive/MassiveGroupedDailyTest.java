package com.marketbars.ingest.providers.massive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.calendar.NyseCalendar;
import com.marketbars.ingest.model.FeedPlan;
import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.model.RequestShape;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.errors.VendorProtocolException;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.pipeline.BarPage;
import com.marketbars.ingest.model.QualityRule;
import com.marketbars.ingest.model.Rejection;
import com.marketbars.ingest.model.WriteMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A Massive day feed asks the grouped daily: a date's whole market a request, kept to its universe, stamped as the aggregates stamp. */
class MassiveGroupedDailyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Thanksgiving week: Wednesday 25, Thursday 26 (closed), Friday 27 (early close). */
    private static final Instant WEDNESDAY = Instant.parse("2026-11-25T00:00:00Z");
    private static final Instant SATURDAY = Instant.parse("2026-11-28T00:00:00Z");

    private static SymbolBatch days(List<String> symbols, Instant from, Instant to) {
        FeedPlan plan = new FeedPlan(Timeframe.ONE_DAY, Duration.ofDays(7), Duration.ofHours(6), 100_000, 50_000, 10,
                RequestShape.ONE_DATE, new NyseCalendar(), false);
        return new IngestWindow(IngestJob.backfill("massive_1day", plan, symbols, from, to, WriteMode.INSERT_ONLY), from, to, symbols,
                100_000).batches().get(0);
    }

    private static String result(String ticker, Instant t) {
        return "{\"T\":\"" + ticker + "\",\"t\":" + t.toEpochMilli() + ",\"o\":10,\"h\":11,\"l\":9,\"c\":10.5,\"v\":1000,\"vw\":10.2,\"n\":12}";
    }

    private static BarPage page(SymbolBatch batch, String token, String... results) throws Exception {
        String body = "{\"status\":\"OK\",\"resultsCount\":" + results.length + ",\"results\":[" + String.join(",", results) + "]}";
        return new MassiveAggsMapper().toPage(JSON.readValue(body, MassiveAggsResponse.class), batch, null, token);
    }

    @Test
    void aBatchAsksOneSessionDateARequestSkippingTheHoliday() {
        SymbolBatch batch = days(List.of("AAPL", "MSFT"), WEDNESDAY, SATURDAY);
        MassiveRequest request = new MassiveRequest(Timeframe.ONE_DAY, 50_000);

        assertThat(request.groupedDaily(batch, null)).containsExactly("/v2/aggs/grouped/locale/us/market/stocks/2026-11-25", "adjusted=false");
        assertThat(request.groupedDaily(batch, "2026-11-27")).containsExactly("/v2/aggs/grouped/locale/us/market/stocks/2026-11-27", "adjusted=false");
        assertThatThrownBy(() -> request.groupedDaily(batch, "2026-12-01")).isInstanceOf(VendorProtocolException.class)
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> request.groupedDaily(batch, "../../v3/reference")).isInstanceOf(VendorProtocolException.class);
    }

    @Test
    void theMarketsOtherTickersAreDroppedAndAFeedsBarsAreStampedAtNewYorkMidnight() throws Exception {
        SymbolBatch batch = days(List.of("AAPL", "MSFT"), WEDNESDAY, SATURDAY);
        Instant wednesdayClose = Instant.parse("2026-11-25T21:00:00Z");   // 16:00 New York

        BarPage wednesday = page(batch, null, result("AAPL", wednesdayClose), result("ZZZZ", wednesdayClose), result("MSFT", wednesdayClose));

        assertThat(wednesday.bars()).extracting(Bar::symbol, Bar::ts).containsExactly(
                org.assertj.core.groups.Tuple.tuple("AAPL", Instant.parse("2026-11-25T05:00:00Z")),
                org.assertj.core.groups.Tuple.tuple("MSFT", Instant.parse("2026-11-25T05:00:00Z")));
        assertThat(wednesday.rejected()).as("another ticker of the market is not a bad bar of ours").isEmpty();
        assertThat(wednesday.nextPageToken()).as("Thanksgiving is skipped").isEqualTo("2026-11-27");

        BarPage friday = page(batch, "2026-11-27", result("AAPL", Instant.parse("2026-11-27T18:00:00Z")));   // the early close
        assertThat(friday.bars()).extracting(Bar::ts).containsExactly(Instant.parse("2026-11-27T05:00:00Z"));
        assertThat(friday.nextPageToken()).as("the window's last session date").isNull();
    }

    @Test
    void aBarOfAnotherDateStaysAsSentForTheValidatorToRefuse() throws Exception {
        SymbolBatch batch = days(List.of("AAPL"), WEDNESDAY, SATURDAY);

        BarPage p = page(batch, null, result("AAPL", Instant.parse("2026-11-20T21:00:00Z")));

        assertThat(p.bars()).isEmpty();
        assertThat(p.rejected()).extracting(Rejection::rule).containsExactly(QualityRule.OUTSIDE_WINDOW);
    }
}
