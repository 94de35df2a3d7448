package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.support.Plans;
import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.checkpoint.WindowPlanner;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.model.WriteMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static com.marketbars.ingest.pipeline.WindowsAhead.HandBack.IN_PLANNING_ORDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hand-out and hand-back rules of {@link WindowsAhead}, driven as the fetch-ahead split and ingest-job drive it,
 * with a real {@link WindowPlanner} over a real SQLite checkpoint table. Three symbols in batches of two: each
 * one-day window has the batches "AAA,AAB" and "AAC".
 */
@Timeout(30)
class WindowsAheadTest {
    static final Instant NOW = Instant.parse("2036-01-01T00:00:00Z");
    static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;
    Database db;
    CheckpointStore checkpoints;
    WindowPlanner planner;
    IngestJob job;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"), 2);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        checkpoints = new CheckpointStore(db, clock);
        planner = new WindowPlanner(checkpoints, clock);
        // ten years of one-day windows: what is held must not grow with it
        job = IngestJob.backfill("alpaca_bars_1min", Plans.batches(2), List.of("AAA", "AAB", "AAC"), FROM, NOW, WriteMode.INSERT_ONLY);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void batchesAreHandedOutAcrossWindowsUpToTheOpenWindowsAndBatchesInFlight() {
        WindowsAhead ahead = new WindowsAhead(job.label(), planner.sequence(job)::next, 3, 4, () -> true, IN_PLANNING_ORDER);
        Iterator<SymbolBatch> batches = ahead.batches();

        List<SymbolBatch> out = List.of(batches.next(), batches.next(), batches.next(), batches.next());

        assertThat(out).extracting(b -> b.window().start().toString().substring(0, 10) + " " + String.join(",", b.symbols()))
                .containsExactly("2026-01-01 AAA,AAB", "2026-01-01 AAC", "2026-01-02 AAA,AAB", "2026-01-02 AAC");
        assertThat(ahead.batchesInFlight()).isEqualTo(4);
        assertThat(ahead.openWindows()).isEqualTo(2);
        assertThat(batches.hasNext()).as("hasNext never blocks, and more will come").isTrue();
    }

    @Test
    void windowsComeBackInPlanningOrderEvenWhenALaterOneEndsFirst() throws Exception {
        WindowsAhead ahead = new WindowsAhead(job.label(), planner.sequence(job)::next, 2, 4, () -> true, IN_PLANNING_ORDER);
        Iterator<SymbolBatch> batches = ahead.batches();
        List<SymbolBatch> first = List.of(batches.next(), batches.next());
        List<SymbolBatch> second = List.of(batches.next(), batches.next());
        CompletableFuture<IngestWindow> taken = CompletableFuture.supplyAsync(() -> nextEnded(ahead));

        second.forEach(ahead::batchEnded);   // the second window is done first
        ahead.batchEnded(first.get(0));
        Thread.sleep(100);
        assertThat(taken).as("the first window still has a batch out").isNotDone();

        ahead.batchEnded(first.get(1));
        assertThat(taken.get(5, TimeUnit.SECONDS)).isSameAs(first.get(0).window());
        assertThat(ahead.nextEnded()).isSameAs(second.get(0).window());
    }

    @Test
    void noNewWindowIsPlannedWhileAllWindowSlotsAreOpenSoHeldStateIsBounded() throws Exception {
        WindowsAhead ahead = new WindowsAhead(job.label(), planner.sequence(job)::next, 2, 8, () -> true, IN_PLANNING_ORDER);
        Iterator<SymbolBatch> batches = ahead.batches();
        for (int i = 0; i < 4; i++) {
            ahead.batchEnded(batches.next());   // both open windows fetched and ended, not yet taken back
        }
        CompletableFuture<SymbolBatch> fifth = CompletableFuture.supplyAsync(batches::next);
        Thread.sleep(100);
        assertThat(fifth).as("a third window waits for a window slot").isNotDone();
        assertThat(ahead.openWindows()).isEqualTo(2);

        IngestWindow firstDay = ahead.nextEnded();
        assertThat(fifth.get(5, TimeUnit.SECONDS).window().start()).isEqualTo(Instant.parse("2026-01-03T00:00:00Z"));
        assertThat(firstDay.start()).isEqualTo(FROM);
    }

    @Test
    void theHalvesOfARefusedBatchGoOutBeforeAnyBatchOfALaterWindow() {
        WindowsAhead ahead = new WindowsAhead(job.label(), planner.sequence(job)::next, 2, 2, () -> true, IN_PLANNING_ORDER);
        Iterator<SymbolBatch> batches = ahead.batches();
        SymbolBatch refused = batches.next();   // AAA,AAB of day 1
        batches.next();                         // AAC of day 1
        refused.refusedAsWhole();
        ahead.batchEnded(refused);

        SymbolBatch next = batches.next();

        assertThat(next.symbols()).containsExactly("AAA");
        assertThat(next.window()).isSameAs(refused.window());
        assertThat(refused.window().allBatchesEnded()).isFalse();
    }

    @Test
    void whenPlanningStopsTheOpenWindowsAreStillFinishedThenNothingIsLeft() throws Exception {
        boolean[] keepPlanning = {true};
        WindowsAhead ahead = new WindowsAhead(job.label(), planner.sequence(job)::next, 2, 1, () -> keepPlanning[0], IN_PLANNING_ORDER);
        Iterator<SymbolBatch> batches = ahead.batches();
        SymbolBatch a = batches.next();
        keepPlanning[0] = false;   // say, Camel is shutting down
        ahead.batchEnded(a);
        SymbolBatch b = batches.next();   // the rest of the open window still goes out
        ahead.batchEnded(b);

        assertThat(b.window()).isSameAs(a.window());
        assertThat(batches.next()).as("no new window").isNull();
        assertThat(batches.hasNext()).isFalse();
        assertThat(ahead.nextEnded()).isSameAs(a.window());
        assertThat(ahead.nextEnded()).isNull();
    }

    @Test
    void closeHandsOutNothingMoreAndWaitsForTheBatchesInFlight() throws Exception {
        WindowsAhead ahead = new WindowsAhead(job.label(), planner.sequence(job)::next, 4, 2, () -> true, IN_PLANNING_ORDER);
        Iterator<SymbolBatch> batches = ahead.batches();
        SymbolBatch inFlight = batches.next();
        SymbolBatch other = batches.next();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(ahead::close);
        Thread.sleep(100);

        ahead.batchEnded(inFlight);
        assertThat(batches.hasNext()).as("one batch is still out").isTrue();
        assertThat(closing).as("close waits for the split to return").isNotDone();
        CompletableFuture<SymbolBatch> last = CompletableFuture.supplyAsync(batches::next);
        Thread.sleep(100);
        assertThat(last).as("nothing more is handed out after close").isNotDone();

        ahead.batchEnded(other);
        assertThat(last.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(batches.hasNext()).isFalse();
        ahead.fetchingEnded();   // what fetch-ahead's doFinally says once the split returned
        closing.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aDlqPassHandsEachReplayBackAsItEndsSoAPassThatFailsAsAWholeLeavesNoEndedRowUnclosed() throws Exception {
        FetchAhead fetchAhead = new FetchAhead(planner, 4, 4, j -> true);
        IngestWindow refusedRow = replay(1, "AAA", "AAB");
        IngestWindow servedRow = replay(2, "AAC");
        WindowsAhead pass = fetchAhead.replaying(List.of(refusedRow, servedRow));
        Iterator<SymbolBatch> batches = pass.batches();
        SymbolBatch refused = batches.next();
        SymbolBatch served = batches.next();
        refused.refusedAsWhole();   // its halves wait to go out
        pass.batchEnded(refused);
        pass.batchEnded(served);

        // the split fails as a whole before the halves go out (what fetch-ahead's doCatch and doFinally say)
        pass.fetchingFailed(new RejectedExecutionException("the fetch-ahead pool is shutting down"));
        pass.fetchingEnded();

        assertThat(pass.nextEnded()).as("the served row's window, though the refused row's before it never ends").isSameAs(servedRow);
        assertThatThrownBy(pass::nextEnded).as("then the pass fails").hasMessageContaining("fetching ahead failed")
                .hasCauseInstanceOf(RejectedExecutionException.class);
        assertThat(refusedRow.allBatchesEnded()).isFalse();
    }

    @Test
    void theSequencePlansTheWindowsTheSequentialPlannerWouldOnceEachIsCheckpointed() {
        // AAC lags behind the others: its windows stop at their cursor, where the groups merge
        checkpoints.advance(job.cursorKey(), List.of("AAA", "AAB"), Instant.parse("2026-01-03T12:00:00Z"));
        var ahead = planner.sequence(job);
        for (int i = 0; i < 40; i++) {
            IngestWindow planned = ahead.next();
            IngestWindow sequential = planner.next(job);
            assertThat(planned.start()).isEqualTo(sequential.start());
            assertThat(planned.end()).isEqualTo(sequential.end());
            assertThat(planned.symbols()).isEqualTo(sequential.symbols());
            checkpoints.advance(job.cursorKey(), sequential.symbols(), sequential.end());
        }
    }

    /** The window of a replay of DLQ row {@code id}: one batch of its symbols over one day. */
    private static IngestWindow replay(long id, String... symbols) {
        Instant start = Instant.parse("2026-01-05T00:00:00Z");
        Instant end = start.plus(Duration.ofDays(1));
        IngestJob job = IngestJob.replay("alpaca_bars_1min", Plans.batches(2), id, "alpaca_bars_1min", List.of(symbols), start, end,
                WriteMode.INSERT_ONLY);
        return IngestWindow.replay(job, start, end, List.of(symbols), id, 0);
    }

    private static IngestWindow nextEnded(WindowsAhead ahead) {
        try {
            return ahead.nextEnded();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
