package com.marketbars.ingest.providers.alpaca;

import com.marketbars.ingest.support.Plans;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.pipeline.BarPage;
import com.marketbars.ingest.model.WriteMode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pagination as the mapper sees it; the bar rules themselves are specified in BarValidatorTest. */
class AlpacaBarsMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FROM = Instant.parse("2026-11-24T14:30:00Z");
    private static final Instant TO = Instant.parse("2026-11-24T15:30:00Z");

    private static SymbolBatch batch() {
        return new IngestWindow(IngestJob.backfill("src", Plans.DEFAULT, List.of("AAPL"), FROM, TO, WriteMode.INSERT_ONLY), FROM, TO, List.of("AAPL"), 50)
                .batches().get(0);
    }

    private static AlpacaBarsResponse page(String nextToken) throws Exception {
        return JSON.readValue("{\"bars\":{\"AAPL\":[]},\"next_page_token\":" + (nextToken == null ? "null" : "\"" + nextToken + "\"") + "}",
                AlpacaBarsResponse.class);
    }

    @Test
    void theNextPageTokenIsPassedOnAndNullOrEmptyMeansTheLastPage() throws Exception {
        AlpacaBarsMapper mapper = new AlpacaBarsMapper();

        assertThat(mapper.toPage(page("p2"), batch()).nextPageToken()).isEqualTo("p2");
        assertThat(mapper.toPage(page(null), batch()).hasNext()).isFalse();
        BarPage empty = mapper.toPage(page(""), batch());
        assertThat(empty.hasNext()).isFalse();
        assertThat(empty.nextPageToken()).isNull();
    }

    @Test
    void theAnswersHttpDateTravelsInThePage() throws Exception {
        AlpacaBarsMapper mapper = new AlpacaBarsMapper();

        assertThat(mapper.toPage(page("p2"), batch(), "Tue, 24 Nov 2026 12:00:05 GMT").vendorTime())
                .isEqualTo(Instant.parse("2026-11-24T12:00:05Z"));
        assertThat(mapper.toPage(page("p2"), batch(), null).vendorTime()).isNull();
        assertThat(mapper.toPage(page("p2"), batch(), "yesterday").vendorTime()).isNull();
        assertThat(mapper.toPage(page("p2"), batch(), "2026-11-24T12:00:00Z").vendorTime()).isNull();
    }

    @Test
    void mappingChangesNothingOnTheBatchOrItsWindow() throws Exception {
        SymbolBatch batch = batch();
        AlpacaBarsMapper mapper = new AlpacaBarsMapper();
        mapper.toPage(page("A"), batch, "Tue, 24 Nov 2026 12:00:05 GMT");
        mapper.toPage(page("A"), batch, "Tue, 24 Nov 2026 12:00:05 GMT");   // the same token twice: the pipeline's to judge

        assertThat(batch.window().vendorTime()).isNull();
        assertThat(batch.window().requests()).isZero();
    }

    @Test
    void aJsonNullAnswerFailsAsAnAnswerThatDoesNotParse() throws Exception {
        AlpacaBarsResponse nothing = JSON.readValue("null", AlpacaBarsResponse.class);

        assertThatThrownBy(() -> new AlpacaBarsMapper().toPage(nothing, batch()))
                .isInstanceOf(com.fasterxml.jackson.core.JacksonException.class)
                .hasMessageContaining("JSON null, not a page");
    }
}
