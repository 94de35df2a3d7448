package com.marketbars.ingest.routes;

import com.marketbars.ingest.checkpoint.IngestJob;
import org.apache.camel.builder.AdviceWith;
import com.marketbars.ingest.pipeline.BarPage;
import com.marketbars.ingest.model.WriteResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.marketbars.ingest.routes.FakeAlpaca.body;
import static com.marketbars.ingest.routes.FakeAlpaca.page;
import static com.marketbars.ingest.routes.FakeAlpaca.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Specs of the ingest path when the vendor answers: paging, redelivery that succeeds, the checkpoint, the
 * request. Two symbols, one per batch: the window has two batches, "AAPL" and "MSFT". (What happens when a
 * batch cannot be fetched is in {@link FailureRoutesRouteTest}.) To add a spec, copy one: script the vendor,
 * advise the routes, {@code context.start()}, send the job, assert.
 */
class IngestRoutesRouteTest extends RouteSpec {
    @Override
    String universe() {
        return "AAPL,MSFT";
    }

    @Override
    int batchSymbols() {
        return 1;
    }

    // ---- paging -----------------------------------------------------------------------------------------------

    @Test
    void aBatchFollowsNextPageTokenToTheLastPage() throws Exception {
        alpaca.answer("AAPL",
                page("AAPL", "2026-11-24T14:30:00Z", "p2"),
                page("AAPL", "2026-11-24T14:31:00Z", null));
        adviseRoutes();
        context.start();
        pages.expectedMessageCount(3);   // AAPL: 2 pages, MSFT: 1

        template.requestBody("direct:ingest-job", backfill());

        pages.assertIsSatisfied();
        List<FakeAlpaca.Request> aapl = alpaca.requests("AAPL");
        assertThat(aapl).hasSize(2);
        assertThat(aapl.get(0).query()).doesNotContain("page_token");
        assertThat(aapl.get(1).query()).contains("page_token=p2");
        assertThat(pagesOf("AAPL")).extracting(BarPage::nextPageToken).containsExactly("p2", null);
        assertThat(writesOf("AAPL")).extracting(WriteResult::inserted).containsExactly(1L, 1L);
    }

    // ---- redelivery -------------------------------------------------------------------------------------------

    @Test
    void a503IsRedeliveredAndThenTheWindowIsCheckpointed() throws Exception {
        alpaca.answer("AAPL", status(503));   // then a good page
        adviseRoutes();
        context.start();
        checkpointed.expectedMessageCount(1);
        checkpointed.expectedHeaderReceived("checkpoint", windowDone());

        template.requestBody("direct:ingest-job", backfill());   // does not throw: the window completed

        checkpointed.assertIsSatisfied();
        assertThat(alpaca.requests("AAPL")).hasSize(2);
        assertThat(writesOf("AAPL")).extracting(WriteResult::inserted).containsExactly(1L);
    }

    @Test
    void aTruncatedPageIsFetchedAgainNotParsedAgain() throws Exception {
        alpaca.answer("AAPL",
                body("{\"bars\":{\"AAPL\":["),
                page("AAPL", "2026-11-24T14:30:00Z", null));
        adviseRoutes();
        context.start();
        checkpointed.expectedMessageCount(1);

        template.requestBody("direct:ingest-job", backfill());

        checkpointed.assertIsSatisfied();
        assertThat(alpaca.requests("AAPL")).hasSize(2);
        assertThat(pagesOf("AAPL")).hasSize(1);
        assertThat(writesOf("AAPL")).extracting(WriteResult::inserted).containsExactly(1L);
    }




    // ---- checkpoint -------------------------------------------------------------------------------------------

    @Test
    void theCheckpointAdvancesOnlyAfterEveryBatchOfTheWindowIsWritten() throws Exception {
        alpaca.answer("AAPL",
                page("AAPL", "2026-11-24T14:30:00Z", "p2"),
                page("AAPL", "2026-11-24T14:31:00Z", null));
        List<String> events = new CopyOnWriteArrayList<>();
        adviseRoutes();
        AdviceWith.adviceWith(context, "fetch-batch", r -> r.weaveById("write-bars").after().process(e ->
                events.add(batch(e) + " page written, checkpoint " + sorted(checkpointOf(window(e).job())))));
        AdviceWith.adviceWith(context, "ingest-job", r -> r.weaveById("advance-checkpoint").after().process(e ->
                events.add("window advanced, checkpoint " + sorted(checkpointOf(window(e).job())))));
        context.start();

        template.requestBody("direct:ingest-job", backfill());

        assertThat(events).hasSize(4);
        assertThat(events.subList(0, 3)).containsExactlyInAnyOrder(
                "AAPL page written, checkpoint {}",
                "AAPL page written, checkpoint {}",
                "MSFT page written, checkpoint {}");
        assertThat(events.get(3)).isEqualTo("window advanced, checkpoint " + windowDone());
    }

    // ---- the request ------------------------------------------------------------------------------------------

    @Test
    void theVendorRequestIsAGetOfOneBatchAndCarriesNoHeadersFromTheCaller() throws Exception {
        adviseRoutes();
        context.start();

        // API keys are added below Camel (AlpacaCredentials, an HttpClientConfigurer); they must never be exchange
        // headers, and headers a caller puts on the job must not travel to the vendor either
        template.requestBodyAndHeaders("direct:ingest-job", backfill(),
                Map.of("APCA-API-KEY-ID", "from-the-caller", "APCA-API-SECRET-KEY", "from-the-caller"));

        assertThat(alpaca.requests()).extracting(FakeAlpaca.Request::symbols).containsExactlyInAnyOrder("AAPL", "MSFT");
        for (FakeAlpaca.Request r : alpaca.requests()) {
            assertThat(r.headers().keySet()).noneMatch(name -> name.regionMatches(true, 0, "APCA", 0, 4));
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.query()).contains("symbols=" + r.symbols(), "timeframe=1Min", "limit=10000");
            // Alpaca's end is inclusive, the window [14:30, 14:35) is not
            assertThat(FakeAlpaca.param(r.query(), "start")).isEqualTo("2026-11-24T14:30:00Z");
            assertThat(FakeAlpaca.param(r.query(), "end")).isEqualTo("2026-11-24T14:34:59Z");
        }
    }

}
