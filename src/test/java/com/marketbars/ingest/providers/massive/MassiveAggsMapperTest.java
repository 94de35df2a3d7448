package com.marketbars.ingest.providers.massive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.errors.VendorProtocolException;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.pipeline.BarPage;
import com.marketbars.ingest.model.QualityRule;
import com.marketbars.ingest.model.Rejection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Massive's body shape as the mapper reads it; the bar rules themselves are specified in BarValidatorTest. */
class MassiveAggsMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FROM = Instant.parse("2026-11-24T14:30:00Z");
    private static final Instant TO = Instant.parse("2026-11-24T15:30:00Z");
    private static final long T0 = FROM.toEpochMilli();
    private static final String DATE = "Tue, 24 Nov 2026 16:00:05 GMT";

    private static SymbolBatch aapl() {
        return MassiveRequestTest.batch(List.of("AAPL"), FROM, TO);
    }

    private static BarPage map(String body) throws Exception {
        return new MassiveAggsMapper().toPage(JSON.readValue(body, MassiveAggsResponse.class), aapl(), DATE, null);
    }

    private static String bar(long t) {
        return "{\"t\":" + t + ",\"o\":10.0,\"h\":10.5,\"l\":9.5,\"c\":10.25,\"v\":1200,\"vw\":10.1,\"n\":42}";
    }

    @Test
    void barsAreReadWithTInEpochMillisAndTheDateHeaderTravelsInThePage() throws Exception {
        BarPage page = map("{\"ticker\":\"AAPL\",\"status\":\"OK\",\"resultsCount\":2,\"results\":[" + bar(T0) + "," + bar(T0 + 60_000)
                + "],\"next_url\":\"http://h/v2/aggs/ticker/AAPL/range/1/minute/1/2?cursor=c\"}");
        assertThat(page.bars()).containsExactly(
                new Bar("AAPL", FROM, 10.0, 10.5, 9.5, 10.25, 1200, 42, 10.1),
                new Bar("AAPL", FROM.plusSeconds(60), 10.0, 10.5, 9.5, 10.25, 1200, 42, 10.1));
        assertThat(page.rejected()).isEmpty();
        assertThat(page.nextPageToken()).isEqualTo("http://h/v2/aggs/ticker/AAPL/range/1/minute/1/2?cursor=c");
        assertThat(page.vendorTime()).isEqualTo(Instant.parse("2026-11-24T16:00:05Z"));
        assertThat(new MassiveAggsMapper().toPage(JSON.readValue("{\"status\":\"OK\"}", MassiveAggsResponse.class), aapl(), null, null)
                .vendorTime()).isNull();
    }

    @Test
    void anAbsentOrEmptyNextUrlIsTheLastPageAndResultsMayBeAbsent() throws Exception {
        BarPage absent = map("{\"ticker\":\"AAPL\",\"status\":\"OK\",\"resultsCount\":0}");
        assertThat(absent.hasNext()).isFalse();
        assertThat(absent.received()).isZero();
        BarPage empty = map("{\"ticker\":\"AAPL\",\"status\":\"OK\",\"results\":[" + bar(T0) + "],\"next_url\":\"\"}");
        assertThat(empty.hasNext()).isFalse();
        assertThat(empty.nextPageToken()).isNull();
        assertThat(map("{\"status\":\"DELAYED\",\"results\":[],\"next_url\":null}").hasNext()).isFalse();
    }

    @Test
    void anApiKeyInANextUrlNeverReachesThePage() throws Exception {
        BarPage page = map("{\"status\":\"OK\",\"next_url\":\"http://h/v2/aggs/ticker/AAPL/range/1/minute/1/2?cursor=c&apiKey=SECRET\"}");
        assertThat(page.nextPageToken()).isEqualTo("http://h/v2/aggs/ticker/AAPL/range/1/minute/1/2?cursor=c").doesNotContain("SECRET");
    }

    @Test
    void badBarsAreQuarantinedWithTheirReasonsAsSent() throws Exception {
        String body = "{\"ticker\":\"AAPL\",\"status\":\"OK\",\"results\":["
                + "{\"t\":" + T0 + ",\"o\":10,\"h\":10.5,\"l\":9.5,\"v\":1},"                                   // close missing
                + "{\"t\":" + (T0 + 60_000) + ",\"o\":\"NaN\",\"h\":10.5,\"l\":9.5,\"c\":10,\"v\":1},"            // not a number
                + "{\"t\":" + (T0 + 120_000) + ",\"o\":10,\"h\":9,\"l\":11,\"c\":10,\"v\":1},"                      // high below low
                + "{\"t\":" + (T0 + 180_000) + ",\"o\":10,\"h\":10.5,\"l\":9.5,\"c\":10,\"v\":-5},"                 // negative volume
                + "{\"t\":" + (T0 + 30_000) + ",\"o\":10,\"h\":10.5,\"l\":9.5,\"c\":10,\"v\":1},"                   // not on a minute
                + "{\"t\":" + TO.toEpochMilli() + ",\"o\":10,\"h\":10.5,\"l\":9.5,\"c\":10,\"v\":1},"                // the window's end
                + "{\"t\":\"" + FROM + "\",\"o\":10,\"h\":10.5,\"l\":9.5,\"c\":10,\"v\":1},"                         // t not epoch ms
                + "{\"t\":1.7955306E12,\"o\":10,\"h\":10.5,\"l\":9.5,\"c\":10,\"v\":1},"                            // t fractional form
                + bar(T0 + 240_000) + "," + bar(T0 + 240_000) + ","                                                    // the same minute twice
                + "[1,2,3]"
                + "]}";
        BarPage page = map(body);
        assertThat(page.bars()).extracting(Bar::ts).containsExactly(FROM.plusSeconds(240));
        assertThat(page.rejected()).extracting(Rejection::rule).containsExactly(
                QualityRule.MISSING_FIELD, QualityRule.NOT_A_NUMBER, QualityRule.PRICE_RANGE, QualityRule.NEGATIVE_VOLUME,
                QualityRule.NOT_ON_MINUTE, QualityRule.OUTSIDE_WINDOW, QualityRule.BAD_TIMESTAMP, QualityRule.BAD_TIMESTAMP,
                QualityRule.DUPLICATE_IN_RESPONSE, QualityRule.MISSING_FIELD);
        assertThat(page.rejected().get(1).rawBar()).contains("\"o\":\"NaN\"");
        assertThat(page.rejected()).allSatisfy(r -> assertThat(r.symbol()).isEqualTo("AAPL"));
    }

    @Test
    void barsOfAnotherTickerThanTheOneAskedForAreRefusedAsUnrequested() throws Exception {
        BarPage page = map("{\"ticker\":\"MSFT\",\"status\":\"OK\",\"results\":[" + bar(T0) + "]}");
        assertThat(page.bars()).isEmpty();
        assertThat(page.rejected()).extracting(Rejection::rule).containsExactly(QualityRule.UNREQUESTED_SYMBOL);
    }

    @Test
    void anErrorStatusJsonNullAndABatchOfSeveralSymbolsAreRefused() throws Exception {
        assertThatThrownBy(() -> map("{\"status\":\"ERROR\",\"request_id\":\"r\",\"error\":\"Unknown API Key\"}"))
                .isInstanceOf(VendorProtocolException.class).hasMessageContaining("Unknown API Key");
        MassiveAggsResponse nothing = JSON.readValue("null", MassiveAggsResponse.class);
        assertThatThrownBy(() -> new MassiveAggsMapper().toPage(nothing, aapl(), DATE, null))
                .isInstanceOf(com.fasterxml.jackson.core.JacksonException.class).hasMessageContaining("JSON null");
        MassiveAggsResponse ok = JSON.readValue("{\"status\":\"OK\"}", MassiveAggsResponse.class);
        assertThatThrownBy(() -> new MassiveAggsMapper().toPage(ok, MassiveRequestTest.batch(List.of("AAPL", "MSFT"), FROM, TO), DATE, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mappingChangesNothingOnTheBatchOrItsWindow() throws Exception {
        SymbolBatch batch = aapl();
        new MassiveAggsMapper().toPage(JSON.readValue("{\"status\":\"OK\",\"results\":[" + bar(T0) + "],\"next_url\":\"u\"}",
                MassiveAggsResponse.class), batch, DATE, null);
        assertThat(batch.window().vendorTime()).isNull();
        assertThat(batch.window().requests()).isZero();
    }
}
