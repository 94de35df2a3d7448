package com.marketbars.ingest.dlq;

import com.marketbars.ingest.checkpoint.Fence;
import com.marketbars.ingest.support.SettableClock;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.support.OpenedDatabase;
import com.marketbars.ingest.errors.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Specs of the DLQ table and its audit trail; run on SQLite and on PostgreSQL by the two subclasses. */
abstract class DeadLetterStoreTest {

    private static final String SOURCE = "alpaca_bars_1min";
    private static final String OTHER = "polygon_bars_1min";
    private static final Instant NOW = Instant.parse("2026-11-24T15:00:00Z");
    private static final Instant DAY = Instant.parse("2026-11-24T00:00:00Z");

    @TempDir
    Path dir;

    private final SqlDialect dialect;
    private OpenedDatabase opened;
    private Database db;
    private SettableClock clock;
    private DeadLetterStore store;

    DeadLetterStoreTest(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @BeforeEach
    void open() {
        opened = OpenedDatabase.open(dialect, dir, 2);
        db = opened.db();
        clock = new SettableClock(NOW);
        store = new DeadLetterStore(db, clock);
    }

    @AfterEach
    void close() {
        if (opened != null) {   // null when the test was skipped (no PostgreSQL server outside CI)
            opened.close();
        }
    }

    @Test
    void the_rows_of_earlier_attempts_at_a_held_window_are_superseded_by_the_row_that_covers_them() {
        Instant t1 = DAY.plusSeconds(15 * 3600);
        ReplayRequest first = new ReplayRequest(SOURCE, List.of("AAPL", "MSFT"), DAY, t1);
        ReplayRequest second = new ReplayRequest(SOURCE, List.of("AAPL", "MSFT"), DAY, t1.plusSeconds(60));
        ReplayRequest otherSymbols = new ReplayRequest(SOURCE, List.of("NVDA"), DAY, t1);
        ReplayRequest otherCursor = new ReplayRequest(SOURCE + "@backfill", List.of("AAPL", "MSFT"), DAY, t1);
        ReplayRequest laterStart = new ReplayRequest(SOURCE, List.of("AAPL", "MSFT"), DAY.plusSeconds(60), t1);
        for (ReplayRequest r : List.of(first, otherSymbols, otherCursor, laterStart, second)) {
            store.record(SOURCE, r, "VendorContractException: rejection storm", 0, NOW, false);
        }
        ReplayRequest third = new ReplayRequest(SOURCE, List.of("AAPL", "MSFT"), DAY, t1.plusSeconds(120));
        store.record(SOURCE, third, "VendorContractException: rejection storm", 0, NOW, false);

        assertThat(store.supersede(SOURCE, third, "storm-guard")).isEqualTo(2);

        assertThat(store.list(SOURCE, false)).extracting(DeadLetter::request)
                .containsExactlyInAnyOrder(otherSymbols, otherCursor, laterStart, third);
        assertThat(store.audit(SOURCE)).extracting(DeadLetterStore.AuditEntry::action).containsExactly("superseded", "superseded");
        assertThat(store.supersede(SOURCE, third, "storm-guard")).as("nothing left to supersede").isZero();
    }

    @Test
    void a_recorded_row_is_due_once_its_next_retry_time_has_come() {
        ReplayRequest r = request("AAPL");
        store.record(SOURCE, r, "HTTP 503", 0, NOW.plusSeconds(60), false);

        assertThat(store.due(SOURCE, 10)).isEmpty();

        clock.set(NOW.plusSeconds(59));
        assertThat(store.due(SOURCE, 10)).isEmpty();

        clock.set(NOW.plusSeconds(60));
        List<DeadLetter> due = store.due(SOURCE, 10);
        assertThat(due).hasSize(1);
        DeadLetter row = due.get(0);
        assertThat(row.id()).isPositive();
        assertThat(row.feed()).isEqualTo(SOURCE);
        assertThat(row.request()).isEqualTo(r);
        assertThat(row.reason()).isEqualTo("HTTP 503");
        assertThat(row.retryCount()).isZero();
        assertThat(row.nextRetryAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(row.createdAt()).isEqualTo(NOW);
        assertThat(row.parkedAt()).isNull();
        assertThat(row.parked()).isFalse();

        clock.set(NOW.plus(Duration.ofDays(3)));
        assertThat(store.due(SOURCE, 10)).extracting(DeadLetter::id).containsExactly(row.id());
    }

    @Test
    void a_row_recorded_parked_is_never_due() {
        store.record(SOURCE, request("AAPL"), "HTTP 422", 10, NOW.plusSeconds(60), true);

        clock.set(NOW.plus(Duration.ofDays(365)));

        assertThat(store.due(SOURCE, 10)).isEmpty();
        DeadLetter row = store.list(SOURCE, false).get(0);
        assertThat(row.parked()).isTrue();
        assertThat(row.parkedAt()).isEqualTo(NOW);
    }

    @Test
    void due_rows_come_earliest_due_first_and_at_most_limit_of_them() {
        store.record(SOURCE, request("AAPL"), "r", 0, NOW.plusSeconds(300), false);
        store.record(SOURCE, request("MSFT"), "r", 0, NOW.plusSeconds(100), false);
        store.record(SOURCE, request("NVDA"), "r", 0, NOW.plusSeconds(200), false);
        store.record(SOURCE, request("TSLA"), "r", 0, NOW.plusSeconds(100), false);
        clock.set(NOW.plusSeconds(1000));

        assertThat(store.due(SOURCE, 10)).extracting(d -> d.request().symbols().get(0))
                .containsExactly("MSFT", "TSLA", "NVDA", "AAPL");
        assertThat(store.due(SOURCE, 2)).extracting(d -> d.request().symbols().get(0))
                .containsExactly("MSFT", "TSLA");
    }

    @Test
    void recording_the_same_request_twice_keeps_one_row_and_refreshes_its_reason() {
        store.record(SOURCE, request("AAPL", "MSFT"), "HTTP 503", 0, NOW.plusSeconds(60), false);
        DeadLetter first = only(SOURCE);

        clock.set(NOW.plusSeconds(30));
        store.record(SOURCE, request("AAPL", "MSFT"), "HTTP 500: {\"message\":\"internal\"}", 0, NOW.plusSeconds(90), false);

        DeadLetter again = only(SOURCE);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.reason()).isEqualTo("HTTP 500: {\"message\":\"internal\"}");
        assertThat(again.retryCount()).isZero();
        assertThat(again.nextRetryAt()).isEqualTo(first.nextRetryAt());
        assertThat(again.createdAt()).isEqualTo(NOW);
        assertThat(rawColumn(first.id(), "updated_at")).isEqualTo("2026-11-24T15:00:30Z");
        assertThat(rowCount()).isEqualTo(1);
    }

    @Test
    void a_catch_ups_row_is_written_only_while_the_feeds_lease_has_the_catch_ups_epoch() throws SQLException {
        try (Connection c = db.writer().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO feed_lease (feed, epoch) VALUES ('" + SOURCE + "', 2)");   // taken twice
        }

        int stale = db.update("a stale leader's row", "dlq.insert",
                store.newRow(SOURCE, request("AAPL"), "HTTP 503", 0, NOW.plusSeconds(60), false, epoch(1)));
        assertThat(stale).isZero();
        assertThat(rowCount()).isZero();

        int current = db.update("the leader's row", "dlq.insert",
                store.newRow(SOURCE, request("AAPL"), "HTTP 503", 0, NOW.plusSeconds(60), false, epoch(2)));
        assertThat(current).isOne();
        // unfenced (no lease governs: the one-shot commands) as before
        store.record(SOURCE, request("MSFT"), "HTTP 503", 0, NOW.plusSeconds(60), false);
        assertThat(rowCount()).isEqualTo(2);
    }

    /** The fence of a catch-up of SOURCE started under the feed's lease at {@code epoch}. */
    private static Fence epoch(long epoch) {
        return new Fence.FeedLease(SOURCE, epoch, () -> true);
    }

    @Test
    void the_same_symbols_in_another_window_or_source_are_rows_of_their_own() {
        store.record(SOURCE, request("AAPL"), "r", 0, NOW, false);
        store.record(SOURCE, new ReplayRequest(SOURCE, List.of("AAPL"), DAY.plus(Duration.ofDays(1)), DAY.plus(Duration.ofDays(2))),
                "r", 0, NOW, false);
        store.record(OTHER, new ReplayRequest(SOURCE, List.of("AAPL"), DAY, DAY.plus(Duration.ofDays(1))), "r", 0, NOW, false);

        assertThat(rowCount()).isEqualTo(3);
        assertThat(store.list(SOURCE, false)).hasSize(2);
        assertThat(store.list(OTHER, false)).hasSize(1);
    }

    @Test
    void the_row_stores_the_replay_key_of_its_source_and_request() {
        ReplayRequest r = request("AAPL");
        store.record(SOURCE, r, "r", 0, NOW, false);

        assertThat(rawColumn(only(SOURCE).id(), "replay_key")).isEqualTo(r.replayKey(SOURCE));
        assertThat(rawColumn(only(SOURCE).id(), "payload_json")).isEqualTo(r.toJson());
    }

    @Test
    void failed_again_sets_retry_count_reason_and_next_retry() {
        store.record(SOURCE, request("AAPL"), "HTTP 503", 0, NOW.plusSeconds(60), false);
        long id = only(SOURCE).id();
        clock.set(NOW.plusSeconds(60));

        store.failedAgain(id, 1, "HTTP 502", NOW.plusSeconds(180), false);

        DeadLetter row = store.get(id).orElseThrow();
        assertThat(row.retryCount()).isEqualTo(1);
        assertThat(row.reason()).isEqualTo("HTTP 502");
        assertThat(row.nextRetryAt()).isEqualTo(NOW.plusSeconds(180));
        assertThat(row.parked()).isFalse();
        assertThat(row.createdAt()).isEqualTo(NOW);
        assertThat(rawColumn(id, "updated_at")).isEqualTo("2026-11-24T15:01:00Z");
        assertThat(store.due(SOURCE, 10)).isEmpty();
        clock.set(NOW.plusSeconds(180));
        assertThat(store.due(SOURCE, 10)).extracting(DeadLetter::id).containsExactly(id);
    }

    @Test
    void failed_again_with_park_parks_the_row_and_it_is_no_longer_due() {
        store.record(SOURCE, request("AAPL"), "HTTP 503", 9, NOW, false);
        long id = only(SOURCE).id();
        clock.set(NOW.plusSeconds(600));

        store.failedAgain(id, 10, "HTTP 503 again", NOW.plusSeconds(3600), true);

        DeadLetter row = store.get(id).orElseThrow();
        assertThat(row.parked()).isTrue();
        assertThat(row.parkedAt()).isEqualTo(NOW.plusSeconds(600));
        assertThat(row.retryCount()).isEqualTo(10);
        clock.set(NOW.plus(Duration.ofDays(30)));
        assertThat(store.due(SOURCE, 10)).isEmpty();
    }

    @Test
    void close_removes_the_row_and_writes_its_audit_line() {
        store.record(SOURCE, request("AAPL"), "HTTP 503", 2, NOW, false);
        DeadLetter row = only(SOURCE);
        clock.set(NOW.plusSeconds(120));

        assertThat(store.close(row, "resolved", "replayed: 390 new bars", "retry-worker")).isTrue();

        assertThat(store.get(row.id())).isEmpty();
        assertThat(store.list(SOURCE, false)).isEmpty();
        assertThat(store.audit(SOURCE)).containsExactly(new DeadLetterStore.AuditEntry(row.id(), "resolved",
                "replayed: 390 new bars", 2, "retry-worker", NOW.plusSeconds(120)));
        assertThat(auditPayloads()).containsExactly(row.request().toJson());
    }

    @Test
    void closing_a_row_twice_returns_false_and_writes_no_second_audit_line() {
        store.record(SOURCE, request("AAPL"), "HTTP 503", 0, NOW, false);
        DeadLetter row = only(SOURCE);

        assertThat(store.close(row, "discarded", "delisted", "cli:ops")).isTrue();
        assertThat(store.close(row, "resolved", "replayed", "retry-worker")).isFalse();

        assertThat(store.audit(SOURCE)).extracting(DeadLetterStore.AuditEntry::action).containsExactly("discarded");
    }

    @Test
    void close_deletes_and_audits_in_one_transaction_so_a_failed_audit_keeps_the_row() throws SQLException {
        store.record(SOURCE, request("AAPL"), "HTTP 503", 0, NOW, false);
        DeadLetter row = only(SOURCE);
        execute("DROP TABLE ingest_dlq_audit");

        assertThatThrownBy(() -> store.close(row, "resolved", "replayed", "retry-worker"))
                .isInstanceOf(StoreException.class);

        assertThat(store.get(row.id())).isPresent();
    }

    @Test
    void retry_now_un_parks_the_row_makes_it_due_now_and_audits_the_request() {
        store.record(SOURCE, request("AAPL"), "HTTP 422", 10, NOW.plusSeconds(3600), true);
        DeadLetter parked = only(SOURCE);
        Instant later = NOW.plus(Duration.ofHours(2));
        clock.set(later);
        assertThat(store.due(SOURCE, 10)).isEmpty();

        store.retryNow(parked, "cli:ops");

        DeadLetter row = store.get(parked.id()).orElseThrow();
        assertThat(row.parked()).isFalse();
        assertThat(row.nextRetryAt()).isEqualTo(later);
        assertThat(row.retryCount()).isEqualTo(10);
        assertThat(store.due(SOURCE, 10)).extracting(DeadLetter::id).containsExactly(parked.id());
        assertThat(store.audit(SOURCE)).containsExactly(new DeadLetterStore.AuditEntry(parked.id(), "retry-requested",
                "due now, by request", 10, "cli:ops", later));
    }

    @Test
    void retry_now_brings_a_row_waiting_on_its_backoff_forward() {
        store.record(SOURCE, request("AAPL"), "HTTP 503", 3, NOW.plus(Duration.ofHours(6)), false);
        DeadLetter row = only(SOURCE);

        store.retryNow(row, "jmx");

        assertThat(store.due(SOURCE, 10)).extracting(DeadLetter::id).containsExactly(row.id());
    }

    @Test
    void stats_count_rows_and_parked_rows_and_name_the_oldest_creation_time() {
        store.record(SOURCE, request("AAPL"), "r", 0, NOW, false);
        clock.set(NOW.plusSeconds(60));
        store.record(SOURCE, request("MSFT"), "r", 10, NOW, true);
        clock.set(NOW.plusSeconds(120));
        store.record(SOURCE, request("NVDA"), "r", 10, NOW, true);
        store.record(OTHER, request("TSLA"), "r", 0, NOW.minusSeconds(3600), true);

        assertThat(store.stats(SOURCE)).isEqualTo(new DeadLetterStats(3, 2, NOW));
        assertThat(store.stats(OTHER)).isEqualTo(new DeadLetterStats(1, 1, NOW.plusSeconds(120)));
    }

    @Test
    void stats_of_an_empty_dlq_are_zero_with_no_oldest() {
        assertThat(store.stats(SOURCE)).isEqualTo(new DeadLetterStats(0, 0, null));
    }

    @Test
    void list_gives_every_row_of_the_source_in_id_order_and_parked_only_filters() {
        store.record(SOURCE, request("AAPL"), "r", 0, NOW.plusSeconds(500), false);
        store.record(SOURCE, request("MSFT"), "r", 10, NOW, true);
        store.record(SOURCE, request("NVDA"), "r", 0, NOW.plusSeconds(5), false);

        List<DeadLetter> all = store.list(SOURCE, false);
        assertThat(all).extracting(d -> d.request().symbols().get(0)).containsExactly("AAPL", "MSFT", "NVDA");
        assertThat(all).extracting(DeadLetter::id).isSorted();
        assertThat(store.list(SOURCE, true)).extracting(d -> d.request().symbols().get(0)).containsExactly("MSFT");
    }

    @Test
    void rows_of_another_source_are_neither_due_nor_listed_nor_counted_for_this_one() {
        store.record(OTHER, request("AAPL"), "r", 0, NOW, false);
        store.record(OTHER, request("MSFT"), "r", 10, NOW, true);

        assertThat(store.due(SOURCE, 10)).isEmpty();
        assertThat(store.list(SOURCE, false)).isEmpty();
        assertThat(store.list(SOURCE, true)).isEmpty();
        assertThat(store.stats(SOURCE)).isEqualTo(new DeadLetterStats(0, 0, null));
        assertThat(store.due(OTHER, 10)).hasSize(1);
    }

    @Test
    void the_audit_trail_is_per_source() {
        store.record(SOURCE, request("AAPL"), "r", 0, NOW, false);
        store.record(OTHER, request("AAPL"), "r", 0, NOW, false);
        store.close(store.list(OTHER, false).get(0), "discarded", "not ours", "jmx");

        assertThat(store.audit(SOURCE)).isEmpty();
        assertThat(store.audit(OTHER)).extracting(DeadLetterStore.AuditEntry::reason).containsExactly("not ours");
    }

    @Test
    void an_unknown_id_is_empty() {
        assertThat(store.get(4711)).isEmpty();
    }

    @Test
    void timestamps_are_stored_as_whole_seconds() {
        clock.set(Instant.parse("2026-11-24T15:00:00.987654321Z"));

        store.record(SOURCE, request("AAPL"), "r", 0, Instant.parse("2026-11-24T15:01:00.5Z"), false);

        long id = only(SOURCE).id();
        assertThat(rawColumn(id, "created_at")).isEqualTo("2026-11-24T15:00:00Z");
        assertThat(rawColumn(id, "next_retry_at")).isEqualTo("2026-11-24T15:01:00Z");
        assertThat(rawColumn(id, "updated_at")).isEqualTo("2026-11-24T15:00:00Z");
        assertThat(only(SOURCE).createdAt()).isEqualTo(NOW);
    }

    @Test
    void a_sub_second_clock_still_compares_right_against_whole_second_times() {
        // "2026-11-24T15:01:00.500Z" < "2026-11-24T15:01:00Z" as text: only whole-second text compares as time
        store.record(SOURCE, request("AAPL"), "r", 0, Instant.parse("2026-11-24T15:01:00Z"), false);

        clock.set(Instant.parse("2026-11-24T15:00:59.999Z"));
        assertThat(store.due(SOURCE, 10)).isEmpty();

        clock.set(Instant.parse("2026-11-24T15:01:00.500Z"));
        assertThat(store.due(SOURCE, 10)).hasSize(1);

        clock.set(Instant.parse("2026-11-24T15:01:01.001Z"));
        assertThat(store.due(SOURCE, 10)).hasSize(1);
    }

    @Test
    void retry_now_at_a_sub_second_instant_is_due_at_that_same_instant() {
        store.record(SOURCE, request("AAPL"), "r", 0, NOW.plus(Duration.ofHours(1)), false);
        clock.set(Instant.parse("2026-11-24T15:10:00.750Z"));

        store.retryNow(only(SOURCE), "jmx");

        assertThat(store.due(SOURCE, 10)).hasSize(1);
        assertThat(only(SOURCE).nextRetryAt()).isEqualTo(Instant.parse("2026-11-24T15:10:00Z"));
    }

    private static ReplayRequest request(String... symbols) {
        return new ReplayRequest(SOURCE, List.of(symbols), DAY, DAY.plus(Duration.ofDays(1)));
    }

    private DeadLetter only(String source) {
        List<DeadLetter> rows = store.list(source, false);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private String rawColumn(long id, String column) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM ingest_dlq WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("row %d", id).isTrue();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long rowCount() {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM ingest_dlq")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> auditPayloads() {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT payload_json FROM ingest_dlq_audit ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.writer().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }
}
