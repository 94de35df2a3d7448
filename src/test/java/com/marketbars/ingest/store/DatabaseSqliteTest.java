package com.marketbars.ingest.store;

import com.marketbars.ingest.errors.StoreException;
import com.marketbars.ingest.errors.DatabaseFault;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The specs of {@link DatabaseTest} on SQLite files, and what only a SQLite file needs: WAL and a directory. */
class DatabaseSqliteTest extends DatabaseTest {
    DatabaseSqliteTest() {
        super(SqlDialect.SQLITE);
    }

    @Test
    void sqlite_runs_in_wal_mode() throws SQLException {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("wal.db"), 4);
             Connection c = db.dataSource().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void bars_is_one_b_tree_in_key_order_a_table_without_rowid() throws SQLException {
        try (Database db = Database.open(url(), 2); Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            assertThat(barsTableSql(st)).endsWith("WITHOUT ROWID");
            assertThatThrownBy(() -> st.executeQuery("SELECT rowid FROM bars")).hasMessageContaining("no such column: rowid");
            assertThat(keyOfBars(st)).containsExactly("source BINARY", "symbol BINARY", "ts BINARY");
            // a feed's bars are one range of the key: counting them seeks, it does not scan every feed's
            assertThat(plan(st, db.sql("bars.count").replace(":?source", "'f'"))).contains("USING PRIMARY KEY (source=?)");
        }
    }

    @Test
    void open_rewrites_the_bars_of_a_version_8_database_without_rowid_and_with_volumes_as_sent_keeping_every_row_and_value_and_the_operators_views() throws Exception {
        migrateTo("8");
        List<List<Object>> written;
        List<List<Object>> columnsBefore;
        try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
            assertThat(barsTableSql(st)).doesNotContain("WITHOUT ROWID");
            // two feeds, years apart, inserted out of key order, with values that must come back bit for bit and of
            // the same storage class (whole-number prices stay REAL)
            String[][] rows = {
                {"'MSFT'", "'2031-01-02T14:31:00Z'", "430.125", "431.0", "429.99", "430.5", "9007199254740993", "12", "430.3333333333333", "'feed_b'"},
                {"'AAPL'", "'2026-11-24T14:32:00Z'", "1.0E-9", "2.5", "1.0E-9", "2.25", "0", "0", "1.7976931348623157E308", "'feed_a'"},
                {"'AAPL'", "'2019-03-01T14:30:00Z'", "189.0", "190.0", "188.0", "189.0", "1500", "7", "189.0", "'feed_a'"},
                {"'aapl'", "'2026-11-24T14:30:00Z'", "189.13", "189.6", "188.9", "189.02", "1501", "8", "189.3", "'feed_a'"},
                {"'AAPL'", "'2026-11-24T14:30:00Z'", "189.13", "189.6", "188.9", "189.02", "1501", "8", "189.3", "'feed_b'"},
            };
            for (String[] r : rows) {
                st.executeUpdate("INSERT INTO bars (symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at) VALUES ("
                        + String.join(", ", r) + ", '2026-11-24T15:00:00Z')");
            }
            st.executeUpdate("CREATE VIEW daily_closes AS SELECT source, symbol, substr(ts, 1, 10) AS day, COUNT(*) AS n FROM bars GROUP BY 1, 2, 3");
            written = allBars(st);
            columnsBefore = rows(st, "SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo('bars')");
        }

        try (Database db = Database.open(url(), 2); Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            assertThat(Files.size(Path.of(url().substring("jdbc:sqlite:".length()) + "-wal")))
                    .as("the WAL the migrations wrote is given back while the database is open").isZero();
            assertThat(db.schemaVersion()).isEqualTo(latestVersion(SqlDialect.SQLITE));
            assertThat(barsTableSql(st)).endsWith("WITHOUT ROWID");
            assertThat(allBars(st)).as("every row, every value and its type").containsExactlyElementsOf(written).hasSize(5);
            // V10: volume without a declared type (each value keeps its storage class), trade_count and vwap nullable
            List<List<Object>> columnsAfter = new ArrayList<>();
            for (List<Object> column : columnsBefore) {
                List<Object> expected = new ArrayList<>(column);
                switch ((String) column.get(1)) {
                    case "volume" -> expected.set(2, "");
                    case "trade_count", "vwap" -> expected.set(3, 0);
                    default -> { }
                }
                columnsAfter.add(expected);
            }
            assertThat(rows(st, "SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo('bars')"))
                    .as("the same columns and key positions; V10's types and NOT NULLs").isEqualTo(columnsAfter);
            assertThat(keyOfBars(st)).as("the key, in order, compared as before").containsExactly("source BINARY", "symbol BINARY", "ts BINARY");
            assertThat(rows(st, "SELECT name FROM sqlite_master WHERE name LIKE 'bars%' AND type = 'table'"))
                    .as("the old table is gone, not kept beside").containsExactly(List.of("bars"));
            assertThat(rows(st, "SELECT origin FROM pragma_index_list('bars')")).as("the key is its one index").containsExactly(List.of("pk"));
            assertThat(rows(st, "SELECT * FROM daily_closes ORDER BY 1, 2, 3")).as("the operator's view still reads bars").hasSize(5);
            assertThat(rows(st, "PRAGMA integrity_check")).containsExactly(List.of("ok"));
            // the key still refuses a second row of a feed, symbol and minute
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO bars (symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at) "
                    + "VALUES ('AAPL', '2019-03-01T14:30:00Z', 1, 1, 1, 1, 1, 1, 1, 'feed_a', '2026-11-24T16:00:00Z')"))
                    .hasMessageContaining("UNIQUE constraint failed");
        }
    }

    private static String barsTableSql(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'bars'")) {
            assertThat(rs.next()).as("a table named bars").isTrue();
            return rs.getString(1);
        }
    }

    /** The key columns of bars' primary key, in order, each with its collation. */
    private static List<String> keyOfBars(Statement st) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT x.name, x.coll FROM pragma_index_list('bars') i, pragma_index_xinfo(i.name) x "
                + "WHERE i.origin = 'pk' AND x.key = 1 ORDER BY x.seqno")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return out;
    }

    private static String plan(Statement st, String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (ResultSet rs = st.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (rs.next()) {
                out.append(rs.getString("detail")).append('\n');
            }
        }
        return out.toString();
    }

    /** Every bar's columns and each column's storage class, in key order. */
    private static List<List<Object>> allBars(Statement st) throws SQLException {
        return rows(st, "SELECT symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at, "
                + "typeof(symbol) || typeof(ts) || typeof(open) || typeof(high) || typeof(low) || typeof(close) || typeof(volume) "
                + "|| typeof(trade_count) || typeof(vwap) || typeof(source) || typeof(ingested_at) FROM bars ORDER BY source, symbol, ts");
    }

    private static List<List<Object>> rows(Statement st, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void open_creates_the_missing_parent_directory_of_the_file() {
        Path file = dir.resolve("a/b/c/t.db");
        assertThat(file.getParent()).doesNotExist();
        try (Database db = Database.open("jdbc:sqlite:" + file, 4)) {
            assertThat(db.schemaVersion()).isEqualTo(latestVersion(SqlDialect.SQLITE));
        }
        assertThat(file.getParent()).isDirectory();
        assertThat(Files.exists(file)).isTrue();
    }

    @Test
    void the_quota_ledger_is_a_file_of_its_own_beside_the_database_so_page_writes_never_hold_its_lock() throws SQLException {
        Path file = dir.resolve("data/market.db");
        try (Database db = Database.open("jdbc:sqlite:" + file, 2);
             Database ledger = Database.openQuotaLedger("jdbc:sqlite:" + file);
             Connection writing = db.writer().getConnection()) {
            assertThat(dir.resolve("data/market.db.quota")).exists();
            // a page write holds the main file's write lock ...
            writing.setAutoCommit(false);
            try (Statement st = writing.createStatement()) {
                st.executeUpdate("INSERT INTO universe (source, symbol, added_at) VALUES ('src', 'AAPL', '2026-11-24T15:00:00Z')");
            }
            // ... while a quota slot is taken (sharing the file, it would wait out busy_timeout and fail)
            com.marketbars.ingest.store.JdbcQuotaLedger quota = new com.marketbars.ingest.store.JdbcQuotaLedger(ledger, java.time.Clock.systemUTC());
            quota.register("alpaca", java.time.Duration.ofMinutes(1));
            assertThat(quota.tryTake("alpaca", com.marketbars.ingest.model.Quota.parse("10/PT1M"), java.time.Duration.ofSeconds(30), "spec").taken()).isTrue();
            writing.rollback();
        }
    }

    @Test
    void time_in_writes_counts_each_transaction_committed_or_rolled_back_and_not_the_wait_for_the_writer() throws Exception {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("busy.db"), 4)) {
            long before = db.timeInWrites().toMillis();
            // SQLite's one writer runs one transaction at a time: the first holds it until the second is seen waiting
            // for it, then a second more; the second's wait (more than a second) is not writing - counted, the sum
            // would pass 2.2 s
            java.util.concurrent.CountDownLatch secondWaits = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var first = two.submit(() -> db.inWriteTransaction("a long write", c -> {
                    await(secondWaits);
                    return pause(1_000);
                }));
                Thread.sleep(100);   // the first holds the writer (its transaction waits for the latch)
                Thread[] second = new Thread[1];
                var secondWrite = two.submit(() -> {
                    second[0] = Thread.currentThread();
                    return db.inWriteTransaction("a short write", c -> pause(50));
                });
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> second[0] != null
                        && (second[0].getState() == Thread.State.WAITING || second[0].getState() == Thread.State.TIMED_WAITING));
                secondWaits.countDown();
                first.get();
                secondWrite.get();
            } finally {
                two.shutdown();
            }
            assertThatThrownBy(() -> db.inWriteTransaction("a refused write", c -> {
                pause(200);
                throw new SQLException("refused");
            })).isInstanceOf(StoreException.class);

            long writing = db.timeInWrites().toMillis() - before;
            // 1,000 + 50 + 200 ms, and the first's wait for the latch (about 100 ms); never the second's wait
            assertThat(writing).isBetween(1_250L, 2_100L);
        }
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            if (!latch.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the second write never waited for the writer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    @Test
    void the_quota_ledger_needs_a_file_path() {
        assertThatThrownBy(() -> Database.openQuotaLedger("jdbc:sqlite::memory:"))
                .hasMessageContaining("quota ledger needs a SQLite file path");
    }

    @Test
    void a_write_that_fills_the_database_fails_as_disk_full_naming_the_file() throws SQLException {
        Path file = dir.resolve("small.db");
        long pages;
        try (Database db = Database.open("jdbc:sqlite:" + file, 2); Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("PRAGMA page_count")) {
            rs.next();
            pages = rs.getLong(1);
        }
        // room for a few more pages only: SQLite then fails as on a full disk (SQLITE_FULL)
        try (Database db = Database.open("jdbc:sqlite:" + file + "?max_page_count=" + (pages + 8), 2)) {
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> {
                for (int i = 0; i < 10_000; i++) {
                    int n = i;
                    db.inWriteTransaction("writing row " + n, c -> {
                        try (var ps = c.prepareStatement("INSERT INTO ingest_checkpoint (source, symbol, ingested_until, updated_at) VALUES ('s', ?, ?, ?)")) {
                            ps.setString(1, "S" + n + "x".repeat(500));
                            ps.setString(2, "2026-11-24T00:00:00Z");
                            ps.setString(3, "2026-11-24T00:00:00Z");
                            return ps.executeUpdate();
                        }
                    });
                }
            });
            assertThat(failure).isInstanceOf(StoreException.class);
            assertThat(DatabaseFault.of(failure)).isEqualTo(DatabaseFault.DISK_FULL);
            assertThat(StoreException.locationIn(failure)).isEqualTo(file.toAbsolutePath().toString());
            assertThat(DatabaseFault.sentence(failure)).startsWith("database disk is full at " + file.toAbsolutePath() + " ([SQLITE_FULL]")
                    .endsWith("free space and run the same command again; nothing was lost");
        }
    }

    @Test
    void a_rollback_that_fails_in_turn_is_added_to_the_failure_as_suppressed_and_never_hides_it() throws SQLException {
        SQLException full = new SQLException("[SQLITE_FULL] database or disk is full");
        try (Connection closed = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("r.db"))) {
            closed.close();   // a rollback on it fails, as SQLite's does once it has rolled back on its own
            Database.rollback(closed, full);
        }
        assertThat(full.getMessage()).contains("SQLITE_FULL");
        assertThat(full.getSuppressed()).singleElement().isInstanceOf(SQLException.class);
    }
}
