package com.marketbars.ingest.checkpoint;

import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.support.OpenedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** Specs of {@link CheckpointStore}, run on both stores by CheckpointStoreSqliteTest and CheckpointStorePostgresTest. */
abstract class CheckpointStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T15:00:00Z"), ZoneOffset.UTC);
    private static final String SOURCE = "alpaca_bars_1min";
    private static final String BACKFILL = SOURCE + "@backfill:2026-11-01T00:00:00Z/2026-11-10T00:00:00Z";
    private static final Instant T1 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-24T12:00:00Z");

    private final SqlDialect dialect;

    @TempDir
    Path dir;

    private OpenedDatabase opened;

    private Database db;
    private CheckpointStore checkpoints;

    CheckpointStoreTest(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @BeforeEach
    void open() {
        opened = OpenedDatabase.open(dialect, dir, 4);
        db = opened.db();
        checkpoints = new CheckpointStore(db, CLOCK);
    }

    @AfterEach
    void close() {
        if (opened != null) {   // null when the test was skipped (no PostgreSQL server outside CI)
            opened.close();
        }
    }

    @Test
    void an_unknown_key_has_no_cursors() {
        assertThat(checkpoints.load("nobody")).isEmpty();
        assertThat(checkpoints.cursorKeys()).isEmpty();
    }

    @Test
    void advance_sets_the_cursor_of_exactly_the_given_symbols() {
        checkpoints.advance(SOURCE, List.of("AAPL", "MSFT"), T1);

        assertThat(checkpoints.load(SOURCE)).containsOnly(entry("AAPL", T1), entry("MSFT", T1));
    }

    @Test
    void advance_moves_a_cursor_forward() {
        checkpoints.advance(SOURCE, List.of("AAPL", "MSFT"), T1);

        checkpoints.advance(SOURCE, List.of("AAPL"), T2);

        assertThat(checkpoints.load(SOURCE)).containsOnly(entry("AAPL", T2), entry("MSFT", T1));
    }

    @Test
    void advancing_to_an_earlier_instant_never_moves_a_cursor_backwards() {
        checkpoints.advance(SOURCE, List.of("AAPL"), T2);

        checkpoints.advance(SOURCE, List.of("AAPL", "MSFT"), T1);

        assertThat(checkpoints.load(SOURCE)).containsOnly(entry("AAPL", T2), entry("MSFT", T1));
    }

    @Test
    void advancing_to_the_same_instant_keeps_it() {
        checkpoints.advance(SOURCE, List.of("AAPL"), T1);
        checkpoints.advance(SOURCE, List.of("AAPL"), T1);

        assertThat(checkpoints.load(SOURCE)).containsOnly(entry("AAPL", T1));
    }

    @Test
    void a_cursor_off_a_whole_minute_is_refused_so_text_order_stays_time_order() {
        // Instant.toString() omits a zero fraction: '...:00Z' would sort after '...:00.500Z' in the text column
        assertThatThrownBy(() -> checkpoints.advance(SOURCE, List.of("AAPL"), Instant.parse("2026-11-24T10:00:00.500Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole minute");
        assertThat(checkpoints.load(SOURCE)).isEmpty();
    }

    @Test
    void cursors_are_kept_per_key() {
        checkpoints.advance(SOURCE, List.of("AAPL", "MSFT"), T1);

        checkpoints.advance(BACKFILL, List.of("AAPL"), T2);

        assertThat(checkpoints.load(SOURCE)).containsOnly(entry("AAPL", T1), entry("MSFT", T1));
        assertThat(checkpoints.load(BACKFILL)).containsOnly(entry("AAPL", T2));
    }

    @Test
    void delete_removes_only_that_key() {
        checkpoints.advance(SOURCE, List.of("AAPL"), T1);
        checkpoints.advance(BACKFILL, List.of("AAPL", "MSFT"), T2);

        checkpoints.delete(BACKFILL);

        assertThat(checkpoints.load(BACKFILL)).isEmpty();
        assertThat(checkpoints.load(SOURCE)).containsOnly(entry("AAPL", T1));
        assertThat(checkpoints.cursorKeys()).containsExactly(SOURCE);
    }

    @Test
    void cursor_keys_lists_each_key_once_in_order() {
        checkpoints.advance(SOURCE, List.of("AAPL", "MSFT"), T1);
        checkpoints.advance(BACKFILL, List.of("AAPL", "MSFT"), T2);
        checkpoints.advance("another_source", List.of("AAPL"), T2);

        assertThat(checkpoints.cursorKeys()).containsExactly(SOURCE, BACKFILL, "another_source");
    }

    @Test
    void advancing_no_symbols_changes_nothing() {
        checkpoints.advance(SOURCE, List.of(), T1);

        assertThat(checkpoints.cursorKeys()).isEmpty();
    }
}
