package com.marketbars.ingest.checkpoint;

import com.marketbars.ingest.support.Plans;
import com.marketbars.ingest.support.SettableClock;
import com.marketbars.ingest.pipeline.IncompleteWindowException;
import com.marketbars.ingest.pipeline.WindowCompletion;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.model.WriteMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wall clock jumps (NTP steps it, a VM resumes, someone sets it by hand) while the planner and the checkpoints
 * use it. Driven as the ingest-job route drives them: plan a window, complete it through {@link WindowCompletion}
 * (which moves the checkpoint), plan the next, until none is left.
 */
class ClockJumpTest {

    private static final List<String> SYMBOLS = List.of("AAPL", "MSFT");
    /** now - PT2M = 14:58:30, truncated: the horizon is 14:58. */
    private static final Instant NOW = Instant.parse("2026-11-24T15:00:30Z");
    private static final Instant HORIZON = Instant.parse("2026-11-24T14:58:00Z");
    private static final Instant START = Instant.parse("2026-11-22T10:37:00Z");

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(NOW);
    private Database db;
    private CheckpointStore checkpoints;
    private WindowPlanner planner;
    private WindowCompletion completion;
    private final IngestJob job = IngestJob.scheduled("alpaca_bars_1min", Plans.DEFAULT, SYMBOLS, START, WriteMode.INSERT_ONLY);

    @BeforeEach
    void open() {
        db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"), 4);
        checkpoints = new CheckpointStore(db, clock);
        planner = new WindowPlanner(checkpoints, clock);
        completion = new WindowCompletion(checkpoints, planner, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** As route ingest-job completes a window: where its checkpoint may go, the advance there, then the log line. */
    private void complete(IngestWindow w) {
        Instant to = completion.checkpointTo(w);
        if (to != null) {
            checkpoints.advance(w.job().cursorKey(), w.symbols(), to);
        }
        completion.completed(w, to);
    }

    @Test
    void aJumpBackAfterACatchUpPlansNothingMovesNoCheckpointBackAndTheNextWindowStartsWhereTheLastEnded() {
        List<IngestWindow> before = catchUp();
        assertThat(cursors()).containsOnly(Map.entry("AAPL", HORIZON), Map.entry("MSFT", HORIZON));

        clock.set(NOW.minus(Duration.ofHours(6)));

        assertThat(planner.next(job)).as("the horizon is behind the checkpoints: nothing to plan").isNull();
        assertThat(planner.remainingWindows(job)).isZero();
        // a window planned before the jump and completed after it moves nothing back either
        complete(before.get(0));
        assertThat(cursors()).containsOnly(Map.entry("AAPL", HORIZON), Map.entry("MSFT", HORIZON));

        clock.set(NOW.plus(Duration.ofMinutes(5)));
        List<IngestWindow> after = catchUp();

        assertThat(after).singleElement().satisfies(w -> {
            assertThat(w.start()).isEqualTo(HORIZON);
            assertThat(w.end()).isEqualTo(Instant.parse("2026-11-24T15:03:00Z"));
        });
        List<IngestWindow> all = new ArrayList<>(before);
        all.addAll(after);
        assertContiguous(all, START, Instant.parse("2026-11-24T15:03:00Z"));
    }

    @Test
    void aJumpBackInTheMiddleOfACatchUpEndsItAtTheEarlierHorizonWithoutGapOrOverlap() {
        IngestWindow first = planner.next(job);
        complete(first);
        assertThat(first.end()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));

        // the clock steps back to 2026-11-23T12:00:30: the horizon is now in the middle of the next day
        clock.set(Instant.parse("2026-11-23T12:00:30Z"));
        List<IngestWindow> rest = catchUp();

        assertThat(rest).singleElement().satisfies(w -> {
            assertThat(w.start()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
            assertThat(w.end()).isEqualTo(Instant.parse("2026-11-23T11:58:00Z"));
        });
        clock.set(NOW);
        List<IngestWindow> resumed = catchUp();
        List<IngestWindow> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        all.addAll(resumed);
        assertContiguous(all, START, HORIZON);
    }

    @Test
    void aJumpBackToBeforeTheStartOfANewSymbolPlansNothingAndDoesNotFail() {
        clock.set(START.minus(Duration.ofDays(3)));

        assertThat(planner.next(job)).isNull();
        assertThat(planner.remainingWindows(job)).isZero();
        assertThat(cursors()).isEmpty();
    }

    @Test
    void aJumpForwardIsCaughtUpInWindowsOfAtMostADayAlignedToUtcMidnight() {
        catchUp();
        Instant later = NOW.plus(Duration.ofDays(30));
        clock.set(later);
        Instant newHorizon = HORIZON.plus(Duration.ofDays(30));
        long promised = planner.remainingWindows(job);

        List<IngestWindow> windows = catchUp();

        assertThat(windows).hasSize(31);
        assertThat(promised).isEqualTo(windows.size());
        assertContiguous(windows, HORIZON, newHorizon);
        for (IngestWindow w : windows) {
            assertThat(Duration.between(w.start(), w.end())).isLessThanOrEqualTo(Duration.ofDays(1));
            assertThat(w.end().equals(newHorizon) || w.end().equals(w.end().truncatedTo(java.time.temporal.ChronoUnit.DAYS)))
                    .as("%s ends at a UTC midnight or at the horizon", w).isTrue();
        }
    }

    @Test
    void aJumpForwardNeverMovesACheckpointPastTheVendorsClockSoNothingIsSkippedOnceTheClockIsPutRight() {
        catchUp();
        clock.set(NOW.plus(Duration.ofDays(30)));
        IngestWindow w = planner.next(job);
        assertThat(w.end()).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        w.noteVendorTime(NOW.plus(Duration.ofMinutes(10)));   // the vendor's Date: 15:10:30, not 30 days later

        assertThatThrownBy(() -> complete(w))
                .isInstanceOf(IncompleteWindowException.class).hasMessageContaining("the local clock is ahead of the vendor's");

        Instant held = Instant.parse("2026-11-24T15:08:00Z");   // the vendor's now - ingest.settle
        assertThat(cursors()).containsOnly(Map.entry("AAPL", held), Map.entry("MSFT", held));
        clock.set(NOW.plus(Duration.ofMinutes(20)));   // put right
        assertThat(planner.next(job).start()).isEqualTo(held);
    }

    @Test
    void aVendorClockBeforeTheWindowHoldsTheCheckpointWhereItWas() {
        catchUp();
        clock.set(NOW.plus(Duration.ofDays(2)));
        IngestWindow w = planner.next(job);
        w.noteVendorTime(NOW.plus(Duration.ofMinutes(1)));   // 15:01:30: its horizon, 14:59, is hardly past the start

        w.noteVendorTime(NOW);                                   // the earliest answer counts: 15:00:30, horizon 14:58
        assertThatThrownBy(() -> complete(w)).isInstanceOf(IncompleteWindowException.class);

        assertThat(cursors()).containsOnly(Map.entry("AAPL", HORIZON), Map.entry("MSFT", HORIZON));
    }

    @Test
    void aLocalClockAheadByLessThanTheSettleTimeCompletesItsWindows() {
        // the vendor's clock is 90 s behind ours: within ingest.settle, so windows ending at now - 2 min are complete
        List<IngestWindow> windows = catchUp(NOW.minus(Duration.ofSeconds(90)));

        assertContiguous(windows, START, HORIZON);
        assertThat(cursors()).containsOnly(Map.entry("AAPL", HORIZON), Map.entry("MSFT", HORIZON));
    }

    /** Plans and completes windows until none is left, as ingest-job does; returns them in order. */
    private List<IngestWindow> catchUp() {
        return catchUp(null);
    }

    /** As {@link #catchUp()}, each window's answers dated {@code vendorNow} by the vendor (null: no Date header). */
    private List<IngestWindow> catchUp(Instant vendorNow) {
        List<IngestWindow> done = new ArrayList<>();
        for (IngestWindow w = planner.next(job); w != null; w = planner.next(job)) {
            assertThat(done.size()).as("a catch-up that never ends").isLessThan(1_000);
            if (vendorNow != null) {
                w.noteVendorTime(vendorNow);
            }
            complete(w);
            done.add(w);
        }
        return done;
    }

    private Map<String, Instant> cursors() {
        return checkpoints.load(job.cursorKey());
    }

    /** Each window starts where the one before ended, for both symbols: no minute planned twice, none skipped. */
    private static void assertContiguous(List<IngestWindow> windows, Instant from, Instant to) {
        Instant t = from;
        for (IngestWindow w : windows) {
            assertThat(w.start()).as("start of %s", w).isEqualTo(t);
            assertThat(w.symbols()).containsExactlyElementsOf(SYMBOLS);
            t = w.end();
        }
        assertThat(t).isEqualTo(to);
    }
}
