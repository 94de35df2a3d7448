package com.marketbars.ingest.store;

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

/** Specs of {@link UniverseStore}, run on both stores by UniverseStoreSqliteTest and UniverseStorePostgresTest. */
abstract class UniverseStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T15:00:00Z"), ZoneOffset.UTC);

    private final SqlDialect dialect;

    @TempDir
    Path dir;

    private OpenedDatabase opened;

    private Database db;
    private UniverseStore universe;

    UniverseStoreTest(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @BeforeEach
    void open() {
        opened = OpenedDatabase.open(dialect, dir, 4);
        db = opened.db();
        universe = new UniverseStore(db, CLOCK, "alpaca_bars_1min");
    }

    @AfterEach
    void close() {
        if (opened != null) {   // null when the test was skipped (no PostgreSQL server outside CI)
            opened.close();
        }
    }

    @Test
    void an_empty_universe_loads_as_an_empty_list() {
        assertThat(universe.load()).isEmpty();
    }

    @Test
    void sync_into_an_empty_table_adds_every_symbol_and_load_returns_them_sorted() {
        int[] r = universe.sync(List.of("MSFT", "AAPL", "NVDA"));

        assertThat(r).containsExactly(3, 0);
        assertThat(universe.load()).containsExactly("AAPL", "MSFT", "NVDA");
    }

    @Test
    void sync_adds_new_symbols_and_removes_missing_ones() {
        universe.sync(List.of("AAPL", "MSFT", "NVDA"));

        int[] r = universe.sync(List.of("TSLA", "AAPL", "BRK.B", "NVDA"));

        assertThat(r).containsExactly(2, 1);
        assertThat(universe.load()).containsExactly("AAPL", "BRK.B", "NVDA", "TSLA");
    }

    @Test
    void sync_with_the_same_symbols_changes_nothing() {
        universe.sync(List.of("AAPL", "MSFT"));

        assertThat(universe.sync(List.of("MSFT", "AAPL"))).containsExactly(0, 0);
        assertThat(universe.load()).containsExactly("AAPL", "MSFT");
    }

    @Test
    void duplicates_in_the_list_are_added_once() {
        assertThat(universe.sync(List.of("AAPL", "AAPL", "MSFT"))).containsExactly(2, 0);
        assertThat(universe.load()).containsExactly("AAPL", "MSFT");
    }

    @Test
    void sync_to_an_entirely_different_universe_replaces_it() {
        universe.sync(List.of("AAPL", "MSFT"));

        assertThat(universe.sync(List.of("V", "JPM"))).containsExactly(2, 2);
        assertThat(universe.load()).containsExactly("JPM", "V");
    }
}
