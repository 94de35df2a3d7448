package com.marketbars.ingest.routes;

import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.dlq.DeadLetter;
import com.marketbars.ingest.dlq.DeadLetterReview;
import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.pipeline.IncompleteWindowException;
import com.marketbars.ingest.pipeline.FeedControl;
import com.marketbars.ingest.model.WriteResult;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.marketbars.ingest.routes.FakeAlpaca.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Specs of what happens when a batch cannot be fetched: which failures are redelivered and how often, which go
 * to the dead-letter channel, what a DLQ row holds, how a refused batch is narrowed down to the symbol the vendor
 * refuses, and how the retry worker replays, reschedules and parks rows.
 * <p>
 * Four symbols in batches of two: the window has the batches "AAPL,MSFT" and "NVDA,XDEL" (XDEL plays a delisted
 * symbol). DLQ rows are due at once (ingest.dlq.retry-initial-delay=PT0S) and parked after two failed replays.
 */
class FailureRoutesRouteTest extends RouteSpec {
    @Override
    String universe() {
        return "AAPL,MSFT,NVDA,XDEL";
    }

    @Override
    int batchSymbols() {
        return 2;
    }

    @Override
    void testProperties(Properties p) {
        p.put("ingest.dlq.retry-initial-delay", "PT0S");
        p.put("ingest.dlq.max-retries", "2");
    }

    // ---- the dead-letter channel ------------------------------------------------------------------------------

    @Test
    @Timeout(10)   // were the redelivery counter lost, the batch would be redelivered forever: fail, do not hang
    void a503ThatPersistsIsDeadLetteredAfterTheLastRedeliveryAndTheWindowCompletes() throws Exception {
        alpaca.alwaysAnswer("AAPL,MSFT", status(503));
        adviseRoutes();
        context.start();
        checkpointed.expectedMessageCount(1);
        checkpointed.expectedHeaderReceived("checkpoint", windowDone());

        template.requestBody("direct:ingest-job", backfill());

        checkpointed.assertIsSatisfied();
        assertThat(alpaca.requests("AAPL,MSFT")).hasSize(1 + 3);   // ingest.retry.max-redeliveries=3
        assertThat(writesOf("NVDA,XDEL")).extracting(WriteResult::inserted).containsExactly(2L);
        DeadLetter row = single(deadLetters());
        // a transient failure is not the symbols' fault: the batch is kept whole, not split
        assertThat(row.request().symbols()).containsExactly("AAPL", "MSFT");
        assertThat(row.request().start()).isEqualTo(FROM);
        assertThat(row.request().end()).isEqualTo(TO);
        assertThat(row.request().cursorKey()).isEqualTo(backfill().cursorKey());
        assertThat(row.reason()).startsWith("HTTP 503");
        assertThat(row.retryCount()).isZero();
        assertThat(row.parked()).isFalse();
    }

    @Test
    void aRefusedBatchIsSplitUntilOnlyTheRefusedSymbolIsDeadLettered() throws Exception {
        alpaca.refuseSymbol("XDEL", status(422));
        adviseRoutes();
        context.start();
        checkpointed.expectedMessageCount(1);
        checkpointed.expectedHeaderReceived("checkpoint", windowDone());

        template.requestBody("direct:ingest-job", backfill());

        checkpointed.assertIsSatisfied();
        // refused whole, then by halves: each request exactly once (a refusal is not redelivered)
        assertThat(alpaca.requests()).extracting(FakeAlpaca.Request::symbols)
                .containsExactlyInAnyOrder("AAPL,MSFT", "NVDA,XDEL", "NVDA", "XDEL");
        assertThat(writesOf("NVDA")).extracting(WriteResult::inserted).containsExactly(1L);
        assertThat(writesOf("AAPL,MSFT")).extracting(WriteResult::inserted).containsExactly(2L);
        DeadLetter row = single(deadLetters());
        assertThat(row.request().symbols()).containsExactly("XDEL");
        assertThat(row.reason()).startsWith("HTTP 422").contains("status 422 from the fake vendor");
    }

    @Test
    void aDlqRowNeverHoldsTheApiKeysOrTheRequestUrl() throws Exception {
        alpaca.refuseSymbol("XDEL", status(400));
        adviseRoutes();
        context.start();

        template.requestBody("direct:ingest-job", backfill());

        DeadLetter row = single(deadLetters());
        assertThat(row.request().toJson()).isEqualTo("{\"cursor\":\"" + backfill().cursorKey()
                + "\",\"symbols\":[\"XDEL\"],\"start\":\"2026-11-24T14:30:00Z\",\"end\":\"2026-11-24T14:35:00Z\"}");
        assertThat(row.reason()).doesNotContain("APCA", "http://", "page_token");
    }

    @Test
    void a401StopsTheSourceInsteadOfDeadLetteringEveryBatch() throws Exception {
        alpaca.alwaysAnswer("AAPL,MSFT", status(401));
        alpaca.alwaysAnswer("NVDA,XDEL", status(401));
        adviseRoutes();
        context.start();
        IngestJob job = backfill();

        assertThatThrownBy(() -> template.requestBody("direct:ingest-job", job))
                .isInstanceOf(CamelExecutionException.class)
                .satisfies(e -> assertThat(causeChain(e)).hasAtLeastOneElementOfType(IncompleteWindowException.class));

        assertThat(alpaca.requests()).hasSize(2);   // each batch once: a 401 is not redelivered, nor split
        assertThat(deadLetters()).isEmpty();
        assertThat(checkpointOf(job)).isEmpty();
        FeedControl source = feed(null).control();
        assertThat(source.isRunning()).isFalse();
        assertThat(source.stoppedReason()).contains("HTTP 401", "APCA_KEY_ID");

        template.requestBody("direct:dlq-retry", (Object) null);   // a stopped source makes no request at all
        template.requestBody("seda:ingest-due-alpaca_bars_1min", (Object) null);
        assertThat(alpaca.requests()).hasSize(2);
    }

    @Test
    void a429IsRedeliveredAsOftenAsItTakesAndNeverDeadLettered() throws Exception {
        alpaca.answer("AAPL,MSFT", status(429), status(429), status(429), status(429), status(429));
        adviseRoutes();
        context.start();

        template.requestBody("direct:ingest-job", backfill());

        assertThat(alpaca.requests("AAPL,MSFT")).hasSize(6);   // more than ingest.retry.max-redeliveries=3
        assertThat(writesOf("AAPL,MSFT")).extracting(WriteResult::inserted).containsExactly(2L);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    @Timeout(20)   // with the 429's unlimited redelivery policy kept, the 400 would be redelivered until the answers run out
    void aRefusalAfterA5xxAndA429IsNotRedeliveredButSplitAsAnyRefusal() throws Exception {
        alpaca.answer("AAPL,MSFT", status(503), status(429), status(400), status(400), status(400), status(400), status(400));
        adviseRoutes();
        context.start();

        template.requestBody("direct:ingest-job", backfill());

        assertThat(alpaca.requests("AAPL,MSFT")).as("503, 429, then the 400 once").hasSize(3);
        assertThat(alpaca.requests()).extracting(FakeAlpaca.Request::symbols).contains("AAPL", "MSFT");
        assertThat(writesOf("AAPL")).extracting(WriteResult::inserted).containsExactly(1L);
    }

    @Test
    void theDlqRowIsCommittedBeforeTheCheckpointPassesItsWindow() throws Exception {
        alpaca.refuseSymbol("XDEL", status(422));
        List<String> events = new CopyOnWriteArrayList<>();
        adviseRoutes();
        AdviceWith.adviceWith(context, "batch-dead-letter", r -> r.weaveById("record-dead-letter").after().process(e ->
                events.add("dlq rows " + deadLetters().size() + ", checkpoint " + sorted(checkpointOf(window(e).job())))));
        AdviceWith.adviceWith(context, "ingest-job", r -> r.weaveById("advance-checkpoint").after().process(e ->
                events.add("window advanced, dlq rows " + deadLetters().size())));
        context.start();

        template.requestBody("direct:ingest-job", backfill());

        assertThat(events).containsExactly("dlq rows 1, checkpoint {}", "window advanced, dlq rows 1");
    }

    @Test
    void aDlqRowTheDatabaseRefusesKeepsItsWindowOpenAndTheErrorNamesTheDatabase() throws Exception {
        alpaca.refuseSymbol("XDEL", status(422));
        adviseRoutes();
        AdviceWith.adviceWith(context, "batch-dead-letter", r -> r.weaveById("record-dead-letter").replace().process(e -> {
            throw new java.sql.SQLException("[SQLITE_IOERR] disk I/O error", "58030", 10);
        }));
        context.start();

        assertThatThrownBy(() -> template.requestBody("direct:ingest-job", backfill()))
                .hasRootCauseInstanceOf(java.sql.SQLException.class)
                .satisfies(e -> assertThat(causes(e)).anySatisfy(c -> assertThat(c)
                        .isInstanceOf(com.marketbars.ingest.errors.StoreException.class)
                        .hasMessageContaining("recording a DLQ row failed")));
        assertThat(deadLetters()).isEmpty();
        assertThat(checkpointOf(backfill())).as("no checkpoint passes a batch neither written nor in the DLQ").isEmpty();
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> out = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

    // ---- the retry worker -------------------------------------------------------------------------------------

    @Test
    void aReplayThatSucceedsWritesTheBarsAndClosesTheRowWithAnAuditLine() throws Exception {
        alpaca.refuseSymbol("XDEL", status(404));
        adviseRoutes();
        context.start();
        template.requestBody("direct:ingest-job", backfill());
        long id = single(deadLetters()).id();
        alpaca.refuseSymbol("XDEL", null);   // the vendor has it again

        template.requestBody("direct:dlq-retry", (Object) null);

        assertThat(deadLetters()).isEmpty();
        assertThat(writesOf("XDEL")).extracting(WriteResult::inserted).containsExactly(1L);
        assertThat(audit()).singleElement().satisfies(a -> {
            assertThat(a.dlqId()).isEqualTo(id);
            assertThat(a.action()).isEqualTo("resolved");
            assertThat(a.actor()).isEqualTo("retry-worker");
        });
    }

    @Test
    void aReplayThatKeepsFailingIsRescheduledThenParkedAndThenLeftAlone() throws Exception {
        alpaca.refuseSymbol("XDEL", status(404));
        adviseRoutes();
        context.start();
        template.requestBody("direct:ingest-job", backfill());

        template.requestBody("direct:dlq-retry", (Object) null);
        DeadLetter afterOne = single(deadLetters());
        assertThat(afterOne.retryCount()).isEqualTo(1);
        assertThat(afterOne.parked()).isFalse();

        template.requestBody("direct:dlq-retry", (Object) null);
        DeadLetter afterTwo = single(deadLetters());
        assertThat(afterTwo.retryCount()).isEqualTo(2);   // ingest.dlq.max-retries=2
        assertThat(afterTwo.parked()).isTrue();
        assertThat(afterTwo.reason()).startsWith("HTTP 404");

        int requests = alpaca.requests("XDEL").size();
        template.requestBody("direct:dlq-retry", (Object) null);
        assertThat(alpaca.requests("XDEL")).hasSize(requests);   // parked: waits for a human
        assertThat(audit()).isEmpty();                            // still in the DLQ, so nothing closed
    }

    @Test
    void aReplayedBatchRefusedAsAWholeIsSplitAndItsRowClosedAsSplit() throws Exception {
        alpaca.alwaysAnswer("AAPL,MSFT", status(503));
        adviseRoutes();
        context.start();
        template.requestBody("direct:ingest-job", backfill());
        long id = single(deadLetters()).id();
        alpaca.alwaysAnswer("AAPL,MSFT", status(400));   // now refused as a whole...
        alpaca.refuseSymbol("MSFT", status(400));         // ...because of MSFT

        template.requestBody("direct:dlq-retry", (Object) null);

        assertThat(writesOf("AAPL")).extracting(WriteResult::inserted).containsExactly(1L);
        DeadLetter msft = single(deadLetters());
        assertThat(msft.request().symbols()).containsExactly("MSFT");
        assertThat(msft.retryCount()).isEqualTo(1);   // the attempt its batch already spent counts
        assertThat(audit()).singleElement().satisfies(a -> {
            assertThat(a.dlqId()).isEqualTo(id);
            assertThat(a.action()).isEqualTo("split");
        });
    }

    @Test
    void everySymbolOfACheckpointedWindowIsInBarsOrInTheDlq() throws Exception {
        alpaca.refuseSymbol("XDEL", status(422));
        alpaca.alwaysAnswer("AAPL,MSFT", status(500));
        adviseRoutes();
        context.start();
        checkpointed.expectedMessageCount(1);

        template.requestBody("direct:ingest-job", backfill());

        checkpointed.assertIsSatisfied();
        List<String> dlqSymbols = deadLetters().stream().flatMap(d -> d.request().symbols().stream()).toList();
        List<String> writtenBatches = written.getReceivedExchanges().stream().map(RouteSpec::batch).toList();
        assertThat(dlqSymbols).containsExactlyInAnyOrder("AAPL", "MSFT", "XDEL");
        assertThat(writtenBatches).containsExactly("NVDA");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    List<DeadLetter> deadLetters() {
        return deadLetters(null);
    }

    List<DeadLetterStore.AuditEntry> audit() {
        return bean("DeadLetterStore", DeadLetterStore.class).audit(bean("IngestSettings",
                com.marketbars.ingest.settings.IngestSettings.class).firstFeed().name());
    }
}
