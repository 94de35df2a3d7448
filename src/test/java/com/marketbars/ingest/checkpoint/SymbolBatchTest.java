package com.marketbars.ingest.checkpoint;

import com.marketbars.ingest.support.Plans;
import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.model.WriteResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SymbolBatchTest {

    private static final String SOURCE = "alpaca_bars_1min";
    private static final Instant START = Instant.parse("2026-11-24T00:00:00Z");
    private static final Instant END = Instant.parse("2026-11-25T00:00:00Z");

    @Test
    void halves_of_50_symbols_are_25_and_25_in_order() {
        List<String> symbols = symbols(50);
        SymbolBatch batch = window(symbols, 50).batches().get(0);

        List<SymbolBatch> halves = batch.halves();

        assertThat(halves).hasSize(2);
        assertThat(halves.get(0).symbols()).containsExactlyElementsOf(symbols.subList(0, 25));
        assertThat(halves.get(1).symbols()).containsExactlyElementsOf(symbols.subList(25, 50));
    }

    @Test
    void halves_of_3_symbols_are_1_and_2() {
        SymbolBatch batch = window(List.of("AAPL", "MSFT", "NVDA"), 50).batches().get(0);

        List<SymbolBatch> halves = batch.halves();

        assertThat(halves.get(0).symbols()).containsExactly("AAPL");
        assertThat(halves.get(1).symbols()).containsExactly("MSFT", "NVDA");
    }

    @Test
    void halves_of_2_symbols_are_two_singles() {
        SymbolBatch batch = window(List.of("AAPL", "MSFT"), 50).batches().get(0);

        assertThat(batch.halves()).extracting(SymbolBatch::symbols)
                .containsExactly(List.of("AAPL"), List.of("MSFT"));
    }

    @Test
    void halving_down_to_single_symbols_partitions_the_batch() {
        List<String> symbols = symbols(37);
        SymbolBatch batch = window(symbols, 50).batches().get(0);

        List<SymbolBatch> singles = new ArrayList<>();
        splitToSingles(batch, singles);

        assertThat(singles).hasSize(37).allSatisfy(s -> assertThat(s.symbols()).hasSize(1));
        assertThat(singles).extracting(s -> s.symbols().get(0)).containsExactlyElementsOf(symbols);
    }

    @Test
    void a_single_symbol_cannot_be_split() {
        SymbolBatch batch = window(List.of("AAPL"), 50).batches().get(0);

        assertThatThrownBy(batch::halves)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("single symbol")
                .hasMessageContaining("AAPL");
    }

    @Test
    void halves_of_a_fresh_batch_are_fresh_and_keep_zero_attempts() {
        SymbolBatch batch = window(symbols(4), 50).batches().get(0);

        assertThat(batch.halves()).allSatisfy(h -> {
            assertThat(h.isReplay()).isFalse();
            assertThat(h.deadLetterId()).isZero();
            assertThat(h.priorAttempts()).isZero();
        });
    }

    @Test
    void halves_of_a_replay_are_not_replays_but_carry_its_prior_attempts_plus_one() {
        SymbolBatch replay = replay(List.of("AAPL", "MSFT", "NVDA", "TSLA"), 42, 3).batches().get(0);
        assertThat(replay.isReplay()).isTrue();

        List<SymbolBatch> halves = replay.halves();

        assertThat(halves).allSatisfy(h -> {
            assertThat(h.isReplay()).isFalse();
            assertThat(h.deadLetterId()).isZero();
            assertThat(h.priorAttempts()).isEqualTo(4);
        });
        // a half is no replay: halving it again spends no further attempt
        assertThat(halves.get(0).halves()).allSatisfy(q -> assertThat(q.priorAttempts()).isEqualTo(4));
    }

    @Test
    void halves_share_the_bars_received_window_and_index_of_their_batch() {
        IngestWindow w = window(symbols(6), 3);
        SymbolBatch second = w.batches().get(1);

        List<SymbolBatch> halves = second.halves();
        halves.get(0).barsReceived().addAndGet(100);
        halves.get(1).barsReceived().addAndGet(20);

        assertThat(second.barsReceived().get()).isEqualTo(120);
        assertThat(halves).allSatisfy(h -> {
            assertThat(h.barsReceived()).isSameAs(second.barsReceived());
            assertThat(h.window()).isSameAs(w);
            assertThat(h.index()).isEqualTo(1);
            assertThat(h.start()).isEqualTo(START);
            assertThat(h.end()).isEqualTo(END);
        });
        assertThat(w.batches().get(0).barsReceived().get()).isZero();
    }

    @Test
    void a_batch_has_no_outcome_until_it_is_refused_or_dead_lettered() {
        IngestWindow w = window(List.of("AAPL", "MSFT", "NVDA"), 50);
        SymbolBatch batch = w.batches().get(0);
        assertThat(batch.outcome()).isNull();

        batch.refusedAsWhole();

        assertThat(batch.outcome()).isEqualTo(SymbolBatch.Outcome.SPLIT);
        List<SymbolBatch> halves = List.of(w.pollIsolated(), w.pollIsolated());
        assertThat(halves).extracting(SymbolBatch::symbols).containsExactly(List.of("AAPL"), List.of("MSFT", "NVDA"));
        assertThat(halves).allSatisfy(h -> assertThat(h.outcome()).isNull());

        halves.get(0).deadLettered();

        assertThat(halves.get(0).outcome()).isEqualTo(SymbolBatch.Outcome.DEAD_LETTERED);
        assertThat(w.deadLettered()).isEqualTo(1);
    }

    @Test
    void distinct_next_pages_are_followed_to_the_last_page() {
        SymbolBatch batch = window(List.of("AAPL"), 50).batches().get(0);

        batch.pageArrived("p2", null);
        batch.pageArrived("p3", null);
        batch.pageArrived(null, null);
        batch.pageArrived("", null);
    }

    @Test
    void a_next_page_that_comes_back_is_refused_so_the_pagination_cannot_loop() {
        SymbolBatch batch = window(List.of("AAPL"), 50).batches().get(0);
        batch.pageArrived("A", null);
        batch.pageArrived("B", null);

        assertThatThrownBy(() -> batch.pageArrived("A", null))
                .isInstanceOf(com.marketbars.ingest.errors.VendorProtocolException.class)
                .hasMessageContaining("next page 'A'")
                .hasMessageContaining("loops");
    }

    @Test
    void a_next_page_seen_by_another_batch_is_no_loop() {
        IngestWindow w = window(symbols(4), 2);
        w.batches().get(0).pageArrived("A", null);

        w.batches().get(1).pageArrived("A", null);
    }

    @Test
    void the_earliest_answer_of_the_window_is_kept_as_the_vendors_clock() {
        IngestWindow w = window(symbols(4), 2);
        w.batches().get(0).pageArrived(null, Instant.parse("2026-11-24T12:00:05Z"));
        w.batches().get(1).pageArrived(null, Instant.parse("2026-11-24T12:00:01Z"));
        w.batches().get(0).pageArrived(null, null);
        w.batches().get(1).pageArrived(null, Instant.parse("2026-11-24T12:00:09Z"));

        assertThat(w.vendorTime()).isEqualTo(Instant.parse("2026-11-24T12:00:01Z"));
    }

    @Test
    void requests_and_writes_of_its_batches_add_up_on_the_window() {
        IngestWindow w = window(symbols(4), 2);
        w.batches().get(0).requestSent();
        w.batches().get(1).requestSent();
        w.batches().get(1).requestSent();
        w.batches().get(0).pageWritten(12, new WriteResult(7, 1, 2, 2));
        w.batches().get(1).pageWritten(3, new WriteResult(3, 0, 0, 0));

        assertThat(w.requests()).isEqualTo(3);
        assertThat(List.of(w.inserted(), w.revised(), w.duplicates(), w.rejected())).containsExactly(10L, 1L, 2L, 2L);
        assertThat(w.batches().get(0).barsReceived().get()).isEqualTo(12);
        assertThat(w.failures()).isEmpty();

        w.batches().get(1).failed(com.marketbars.ingest.errors.FailureKind.VENDOR_OUTAGE, "HTTP 503", null);

        assertThat(w.failures()).singleElement().asString().endsWith(": HTTP 503");
    }

    @Test
    void a_batch_needs_at_least_one_symbol() {
        IngestWindow w = window(List.of("AAPL"), 50);

        assertThatThrownBy(() -> new SymbolBatch(w, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one symbol");
    }

    @Test
    void the_symbols_are_a_copy() {
        List<String> symbols = new ArrayList<>(List.of("AAPL", "MSFT"));
        SymbolBatch batch = new SymbolBatch(window(List.of("AAPL", "MSFT"), 50), 0, symbols);

        symbols.set(0, "NVDA");

        assertThat(batch.symbols()).containsExactly("AAPL", "MSFT");
        assertThat(batch.symbolSet()).containsExactlyInAnyOrder("AAPL", "MSFT");
        assertThatThrownBy(() -> batch.symbols().add("X")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void a_replay_is_named_by_its_dlq_row_and_a_planned_batch_by_its_place() {
        assertThat(replay(List.of("AAPL"), 7, 0).batches().get(0))
                .hasToString("DLQ #7 AAPL [2026-11-24T00:00:00Z, 2026-11-25T00:00:00Z)");
        assertThat(window(List.of("AAPL", "MSFT", "NVDA"), 2).batches().get(0))
                .hasToString("batch 1/2 AAPL..MSFT [2026-11-24T00:00:00Z, 2026-11-25T00:00:00Z)");
    }

    private static void splitToSingles(SymbolBatch b, List<SymbolBatch> out) {
        if (b.symbols().size() == 1) {
            out.add(b);
            return;
        }
        List<SymbolBatch> halves = b.halves();
        assertThat(halves.get(0).symbols().size() + halves.get(1).symbols().size()).isEqualTo(b.symbols().size());
        assertThat(halves).allSatisfy(h -> assertThat(h.symbols()).isNotEmpty());
        halves.forEach(h -> splitToSingles(h, out));
    }

    private static List<String> symbols(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("S%03d", i)).toList();
    }

    private static IngestWindow window(List<String> symbols, int batchSize) {
        return new IngestWindow(IngestJob.scheduled(SOURCE, Plans.DEFAULT, symbols, START, WriteMode.INSERT_ONLY), START, END, symbols, batchSize);
    }

    private static IngestWindow replay(List<String> symbols, long deadLetterId, int priorAttempts) {
        IngestJob job = IngestJob.replay(SOURCE, Plans.DEFAULT, deadLetterId, SOURCE, symbols, START, END, WriteMode.INSERT_ONLY);
        return IngestWindow.replay(job, START, END, symbols, deadLetterId, priorAttempts);
    }
}
