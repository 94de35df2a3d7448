package com.marketbars.ingest.checkpoint;

import com.marketbars.ingest.support.Plans;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.model.WriteMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WindowPlannerTest {

    private static final String SOURCE = "alpaca_bars_1min";
    /** now - PT2M = 14:58:30, truncated to the minute: the horizon is 14:58. */
    private static final Instant NOW = Instant.parse("2026-11-24T15:00:30Z");
    private static final Instant HORIZON = Instant.parse("2026-11-24T14:58:00Z");
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration SETTLE = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    private Database db;
    private CheckpointStore checkpoints;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"), 4);
        checkpoints = new CheckpointStore(db, clock(NOW));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void the_first_window_starts_at_the_job_start_and_ends_at_the_next_utc_midnight() {
        IngestJob job = IngestJob.scheduled(SOURCE, Plans.DEFAULT, List.of("AAPL", "MSFT"), at("2026-11-22T10:37:00Z"), WriteMode.INSERT_ONLY);

        IngestWindow w = planner(NOW, 50).next(job);

        assertWindow(w, "2026-11-22T10:37:00Z", "2026-11-23T00:00:00Z", "AAPL", "MSFT");
        assertThat(w.job()).isSameAs(job);
    }

    @Test
    void after_the_first_window_the_windows_are_whole_days_and_the_last_ends_at_the_horizon() {
        WindowPlanner planner = planner(NOW, 50);
        IngestJob job = IngestJob.scheduled(SOURCE, Plans.DEFAULT, List.of("AAPL", "MSFT"), at("2026-11-22T10:37:00Z"), WriteMode.INSERT_ONLY);

        IngestWindow first = planner.next(job);
        checkpoints.advance(SOURCE, first.symbols(), first.end());
        IngestWindow second = planner.next(job);
        checkpoints.advance(SOURCE, second.symbols(), second.end());
        IngestWindow last = planner.next(job);
        checkpoints.advance(SOURCE, last.symbols(), last.end());

        assertWindow(second, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", "AAPL", "MSFT");
        assertThat(Duration.between(second.start(), second.end())).isEqualTo(DAY);
        assertWindow(last, "2026-11-24T00:00:00Z", "2026-11-24T14:58:00Z", "AAPL", "MSFT");
        assertThat(planner.horizon(job)).isEqualTo(HORIZON);
        assertThat(planner.next(job)).isNull();
        assertThat(planner.remainingWindows(job)).isZero();
    }

    @Test
    void when_every_cursor_is_at_the_horizon_there_is_no_next_window() {
        IngestJob job = IngestJob.scheduled(SOURCE, Plans.DEFAULT, List.of("AAPL", "MSFT"), at("2026-11-24T00:00:00Z"), WriteMode.INSERT_ONLY);
        checkpoints.advance(SOURCE, job.symbols(), HORIZON);

        assertThat(planner(NOW, 50).next(job)).isNull();
        assertThat(planner(NOW, 50).remainingWindows(job)).isZero();
    }

    @Test
    void a_job_starting_at_the_horizon_has_nothing_to_do() {
        IngestJob job = IngestJob.scheduled(SOURCE, Plans.DEFAULT, List.of("AAPL"), HORIZON, WriteMode.INSERT_ONLY);

        assertThat(planner(NOW, 50).next(job)).isNull();
    }

    @Test
    void in_steady_state_the_next_window_is_the_time_since_the_last_run() {
        IngestJob job = IngestJob.scheduled(SOURCE, Plans.DEFAULT, List.of("AAPL", "MSFT"), at("2026-11-24T00:00:00Z"), WriteMode.INSERT_ONLY);
        checkpoints.advance(SOURCE, job.symbols(), HORIZON);

        IngestWindow w = planner(NOW.plusSeconds(60), 50).next(job);

        assertWindow(w, "2026-11-24T14:58:00Z", "2026-11-24T14:59:00Z", "AAPL", "MSFT");
    }

    @Test
    void the_laggards_go_first_and_their_windows_end_at_the_next_groups_cursor_so_they_merge() {
        WindowPlanner planner = planner(NOW, 50);
        IngestJob job = IngestJob.scheduled(SOURCE, Plans.DEFAULT, List.of("TSLA", "MSFT", "NVDA", "AAPL"), at("2026-11-23T12:00:00Z"), WriteMode.INSERT_ONLY);
        checkpoints.advance(SOURCE, List.of("MSFT", "TSLA"), at("2026-11-24T06:00:00Z"));

        IngestWindow laggards1 = planner.next(job);
        checkpoints.advance(SOURCE, laggards1.symbols(), laggards1.end());
        IngestWindow laggards2 = planner.next(job);
        checkpoints.advance(SOURCE, laggards2.symbols(), laggards2.end());
        IngestWindow all = planner.next(job);

        assertWindow(laggards1, "2026-11-23T12:00:00Z", "2026-11-24T00:00:00Z", "AAPL", "NVDA");
        assertWindow(laggards2, "2026-11-24T00:00:00Z", "2026-11-24T06:00:00Z", "AAPL", "NVDA");
        assertWindow(all, "2026-11-24T06:00:00Z", "2026-11-24T14:58:00Z", "AAPL", "MSFT", "NVDA", "TSLA");
    }

    @Test
    void a_cursor_older_than_the_job_start_is_caught_up_from_where_it_stopped() {
        // a relative ingest.start (P1D) moves with the clock: after downtime a checkpoint can be older than it
        IngestJob job = IngestJob.scheduled(SOURCE, Plans.DEFAULT, List.of("AAPL", "MSFT"), at("2026-11-24T06:00:00Z"), WriteMode.INSERT_ONLY);
        checkpoints.advance(SOURCE, List.of("AAPL"), at("2026-11-23T20:00:00Z"));

        IngestWindow w = planner(NOW, 50).next(job);

        assertWindow(w, "2026-11-23T20:00:00Z", "2026-11-24T00:00:00Z", "AAPL");
    }

    @Test
    void cursors_of_symbols_outside_the_job_are_ignored() {
        IngestJob job = IngestJob.scheduled(SOURCE, Plans.DEFAULT, List.of("AAPL"), at("2026-11-24T06:00:00Z"), WriteMode.INSERT_ONLY);
        checkpoints.advance(SOURCE, List.of("GONE"), at("2026-11-24T07:00:00Z"));

        assertWindow(planner(NOW, 50).next(job), "2026-11-24T06:00:00Z", "2026-11-24T14:58:00Z", "AAPL");
    }

    @Test
    void batches_hold_at_most_batch_symbols_sorted_symbols() {
        IngestJob job = IngestJob.scheduled(SOURCE, Plans.batches(2), List.of("V", "JPM", "AAPL", "TSLA", "MSFT"), at("2026-11-24T06:00:00Z"), WriteMode.INSERT_ONLY);

        IngestWindow w = planner(NOW, 2).next(job);

        assertThat(w.symbols()).containsExactly("AAPL", "JPM", "MSFT", "TSLA", "V");
        assertThat(w.batches()).extracting(SymbolBatch::symbols)
                .containsExactly(List.of("AAPL", "JPM"), List.of("MSFT", "TSLA"), List.of("V"));
        assertThat(w.batches()).extracting(SymbolBatch::index).containsExactly(0, 1, 2);
        assertThat(w.batches()).allSatisfy(b -> {
            assertThat(b.start()).isEqualTo(w.start());
            assertThat(b.end()).isEqualTo(w.end());
        });
    }

    @Test
    void a_backfill_stops_at_its_end_even_when_now_is_later() {
        WindowPlanner planner = planner(NOW, 50);
        IngestJob job = IngestJob.backfill(SOURCE, Plans.DEFAULT, List.of("AAPL", "MSFT"), at("2026-11-20T00:00:00Z"), at("2026-11-21T12:00:00Z"), WriteMode.INSERT_ONLY);

        IngestWindow first = planner.next(job);
        checkpoints.advance(job.cursorKey(), first.symbols(), first.end());
        IngestWindow second = planner.next(job);
        checkpoints.advance(job.cursorKey(), second.symbols(), second.end());

        assertWindow(first, "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z", "AAPL", "MSFT");
        assertWindow(second, "2026-11-21T00:00:00Z", "2026-11-21T12:00:00Z", "AAPL", "MSFT");
        assertThat(planner.horizon(job)).isEqualTo(at("2026-11-21T12:00:00Z"));
        assertThat(planner.next(job)).isNull();
    }

    @Test
    void a_backfill_ending_after_now_stops_at_the_live_horizon() {
        IngestJob job = IngestJob.backfill(SOURCE, Plans.DEFAULT, List.of("AAPL"), at("2026-11-24T06:00:00Z"), at("2026-11-26T00:00:00Z"), WriteMode.INSERT_ONLY);

        assertThat(planner(NOW, 50).horizon(job)).isEqualTo(HORIZON);
        assertWindow(planner(NOW, 50).next(job), "2026-11-24T06:00:00Z", "2026-11-24T14:58:00Z", "AAPL");
    }

    @Test
    void a_backfill_uses_its_own_cursor_key_and_leaves_the_sources_cursors_alone() {
        IngestJob scheduled = IngestJob.scheduled(SOURCE, Plans.DEFAULT, List.of("AAPL"), at("2026-11-24T06:00:00Z"), WriteMode.INSERT_ONLY);
        IngestJob backfill = IngestJob.backfill(SOURCE, Plans.DEFAULT, List.of("AAPL"), at("2026-11-20T00:00:00Z"), at("2026-11-21T00:00:00Z"), WriteMode.INSERT_ONLY);
        checkpoints.advance(SOURCE, List.of("AAPL"), HORIZON);

        IngestWindow w = planner(NOW, 50).next(backfill);

        assertThat(backfill.cursorKey()).isNotEqualTo(SOURCE).startsWith(SOURCE + "@backfill:");
        assertWindow(w, "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z", "AAPL");
        assertThat(planner(NOW, 50).next(scheduled)).isNull();
    }

    @Test
    void a_start_at_10_37_gives_a_first_window_up_to_midnight() {
        IngestJob job = IngestJob.scheduled(SOURCE, Plans.DEFAULT, List.of("AAPL"), at("2026-11-23T10:37:00Z"), WriteMode.INSERT_ONLY);

        assertWindow(planner(NOW, 50).next(job), "2026-11-23T10:37:00Z", "2026-11-24T00:00:00Z", "AAPL");
    }

    @Test
    void windows_shorter_than_a_day_align_to_their_own_grid() {
        WindowPlanner hourly = new WindowPlanner(checkpoints, clock(NOW));
        IngestJob job = IngestJob.scheduled(SOURCE, Plans.window(Duration.ofHours(1)), List.of("AAPL"), at("2026-11-24T10:37:00Z"), WriteMode.INSERT_ONLY);

        assertWindow(hourly.next(job), "2026-11-24T10:37:00Z", "2026-11-24T11:00:00Z", "AAPL");
        assertThat(hourly.remainingWindows(job)).isEqualTo(5);   // 10:37, 11, 12, 13, 14 (to 14:58)
    }

    @Test
    void the_windows_of_a_range_no_symbol_started_fall_on_the_grid_and_stop_at_the_horizon() {
        IngestJob job = IngestJob.backfill(SOURCE, Plans.DEFAULT, List.of("AAPL"), at("2026-11-20T06:00:00Z"), at("2026-11-26T00:00:00Z"), WriteMode.INSERT_ONLY);
        WindowPlanner planner = planner(NOW, 50);

        assertThat(planner.windowsOf(job, at("2026-11-20T06:00:00Z"), at("2026-11-22T00:00:00Z"))).isEqualTo(2);   // a part day, a day
        assertThat(planner.windowsOf(job, at("2026-11-22T00:00:00Z"), at("2026-11-26T00:00:00Z"))).isEqualTo(3);   // 22, 23, 24 to the horizon
        assertThat(planner.windowsOf(job, HORIZON, at("2026-11-26T00:00:00Z"))).isZero();
        // as many as a catch-up of that range runs
        IngestJob whole = IngestJob.backfill(SOURCE, Plans.DEFAULT, List.of("AAPL"), at("2026-11-20T06:00:00Z"), at("2026-11-22T00:00:00Z"), WriteMode.INSERT_ONLY);
        assertThat(planner.windowsOf(whole, whole.from(), whole.to())).isEqualTo(planner.remainingWindows(whole));
    }

    @Test
    void remaining_windows_equals_the_iterations_of_a_scheduled_catch_up() {
        IngestJob job = IngestJob.scheduled(SOURCE, Plans.DEFAULT, List.of("AAPL", "MSFT"), at("2026-11-01T10:37:00Z"), WriteMode.INSERT_ONLY);

        assertThat(countdown(planner(NOW, 50), job)).isEqualTo(24);   // a part day, 22 whole days, a part day
    }

    @Test
    void remaining_windows_equals_the_iterations_with_laggard_groups() {
        IngestJob job = IngestJob.scheduled(SOURCE, Plans.batches(2), List.of("AAPL", "MSFT", "NVDA", "TSLA", "V"), at("2026-11-20T10:37:00Z"), WriteMode.INSERT_ONLY);
        checkpoints.advance(SOURCE, List.of("MSFT"), at("2026-11-21T08:00:00Z"));
        checkpoints.advance(SOURCE, List.of("NVDA", "TSLA"), at("2026-11-21T20:15:00Z"));
        checkpoints.advance(SOURCE, List.of("V"), at("2026-11-23T03:00:00Z"));

        assertThat(countdown(planner(NOW, 2), job)).isEqualTo(8);
    }

    @Test
    void remaining_windows_equals_the_iterations_of_a_backfill() {
        IngestJob job = IngestJob.backfill(SOURCE, Plans.DEFAULT, List.of("AAPL", "MSFT"), at("2026-10-15T13:30:00Z"), at("2026-11-02T20:00:00Z"), WriteMode.INSERT_ONLY);
        checkpoints.advance(job.cursorKey(), List.of("MSFT"), at("2026-10-20T09:00:00Z"));

        assertThat(countdown(planner(NOW, 50), job)).isEqualTo(20);
    }

    /** Runs the job to the end, checking before each window that the estimate is exactly what is left. */
    private long countdown(WindowPlanner planner, IngestJob job) {
        long estimate = planner.remainingWindows(job);
        List<IngestWindow> done = new ArrayList<>();
        for (IngestWindow w = planner.next(job); w != null; w = planner.next(job)) {
            assertThat(planner.remainingWindows(job)).as("remaining before %s", w).isEqualTo(estimate - done.size());
            assertThat(done.size()).as("runaway planning").isLessThan(1_000);
            checkpoints.advance(job.cursorKey(), w.symbols(), w.end());
            done.add(w);
        }
        assertThat(planner.remainingWindows(job)).isZero();
        assertThat(done).hasSize((int) estimate);
        assertThat(checkpoints.load(job.cursorKey())).hasSize(job.symbols().size())
                .allSatisfy((symbol, cursor) -> assertThat(cursor).isEqualTo(planner.horizon(job)));
        return done.size();
    }

    private WindowPlanner planner(Instant now, int batchSymbols) {
        return new WindowPlanner(checkpoints, clock(now));
    }

    private static void assertWindow(IngestWindow w, String start, String end, String... symbols) {
        assertThat(w).isNotNull();
        assertThat(w.start()).isEqualTo(at(start));
        assertThat(w.end()).isEqualTo(at(end));
        assertThat(w.symbols()).containsExactly(symbols);
    }

    private static Clock clock(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }
}
