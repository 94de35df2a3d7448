package com.marketbars.ingest.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

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
    void open_creates_the_missing_parent_directory_of_the_file() {
        Path file = dir.resolve("a/b/c/t.db");
        assertThat(file.getParent()).doesNotExist();
        try (Database db = Database.open("jdbc:sqlite:" + file, 4)) {
            assertThat(db.schemaVersion()).isEqualTo(LATEST_VERSION);
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
            assertThat(quota.tryTake("alpaca", com.marketbars.ingest.quota.Quota.parse("10/PT1M"), java.time.Duration.ofSeconds(30), "spec").taken()).isTrue();
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
