package com.marketbars.ingest.providers.alpaca;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.store.WriteMode;
import com.marketbars.ingest.providers.VendorProtocolException;
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
        return new IngestWindow(IngestJob.backfill("src", List.of("AAPL"), FROM, TO, WriteMode.INSERT_ONLY), FROM, TO, List.of("AAPL"), 50)
                .batches().get(0);
    }

    private static AlpacaBarsResponse page(String nextToken) throws Exception {
        return JSON.readValue("{\"bars\":{\"AAPL\":[]},\"next_page_token\":" + (nextToken == null ? "null" : "\"" + nextToken + "\"") + "}",
                AlpacaBarsResponse.class);
    }

    @Test
    void distinctTokensAreFollowedToTheLastPage() throws Exception {
        SymbolBatch batch = batch();
        AlpacaBarsMapper mapper = new AlpacaBarsMapper();

        assertThat(mapper.toPage(page("p2"), batch).nextPageToken()).isEqualTo("p2");
        assertThat(mapper.toPage(page("p3"), batch).nextPageToken()).isEqualTo("p3");
        assertThat(mapper.toPage(page(null), batch).hasNext()).isFalse();
    }

    @Test
    void aTokenThatComesBackIsRefusedSoThePaginationCannotLoop() throws Exception {
        SymbolBatch batch = batch();
        AlpacaBarsMapper mapper = new AlpacaBarsMapper();
        mapper.toPage(page("A"), batch);
        mapper.toPage(page("B"), batch);

        assertThatThrownBy(() -> mapper.toPage(page("A"), batch))
                .isInstanceOf(VendorProtocolException.class)
                .hasMessageContaining("next_page_token 'A'")
                .hasMessageContaining("loops");
    }

    @Test
    void theEarliestHttpDateOfTheWindowsAnswersIsKeptAsTheVendorsClock() throws Exception {
        SymbolBatch batch = batch();
        AlpacaBarsMapper mapper = new AlpacaBarsMapper();
        mapper.toPage(page("p2"), batch, "Tue, 24 Nov 2026 12:00:05 GMT");
        mapper.toPage(page("p3"), batch, "Tue, 24 Nov 2026 12:00:01 GMT");
        mapper.toPage(page("p4"), batch, "Tue, 24 Nov 2026 12:00:09 GMT");

        assertThat(batch.window().vendorTime()).isEqualTo(Instant.parse("2026-11-24T12:00:01Z"));
    }

    @Test
    void anAbsentOrUnreadableDateNotesNothing() throws Exception {
        SymbolBatch batch = batch();
        AlpacaBarsMapper mapper = new AlpacaBarsMapper();
        mapper.toPage(page("p2"), batch, null);
        mapper.toPage(page("p3"), batch, "yesterday");
        mapper.toPage(page(null), batch, "2026-11-24T12:00:00Z");

        assertThat(batch.window().vendorTime()).isNull();
    }

    @Test
    void aJsonNullAnswerFailsAsAnAnswerThatDoesNotParse() throws Exception {
        AlpacaBarsResponse nothing = JSON.readValue("null", AlpacaBarsResponse.class);

        assertThatThrownBy(() -> new AlpacaBarsMapper().toPage(nothing, batch()))
                .isInstanceOf(com.fasterxml.jackson.core.JacksonException.class)
                .hasMessageContaining("JSON null, not a page");
    }

    @Test
    void aTokenSeenByAnotherBatchIsNoLoop() throws Exception {
        AlpacaBarsMapper mapper = new AlpacaBarsMapper();
        mapper.toPage(page("A"), batch());

        assertThat(mapper.toPage(page("A"), batch()).nextPageToken()).isEqualTo("A");
    }
}
