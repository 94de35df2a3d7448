package com.marketbars.ingest.store;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseTest {
    /** The newest migration in db/migration/: bump it with each new V<n>__*.sql. */
    static final String LATEST_VERSION = "4";

    @TempDir
    Path dir;

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("t.db");
    }

    @Test
    void open_on_an_empty_file_migrates_to_the_latest_schema_version() {
        try (Database db = Database.open(url(), 4)) {
            assertThat(db.schemaVersion()).isEqualTo(LATEST_VERSION);
            assertThat(db.dialect()).isEqualTo(SqlDialect.SQLITE);
            assertThat(tables(db)).contains("bars", "ingest_checkpoint", "ingest_dlq", "universe", "data_quality");
        }
    }

    @Test
    void opening_twice_is_a_no_op_that_keeps_the_version_and_the_data() throws SQLException {
        try (Database db = Database.open(url(), 4)) {
            insertBar(db.dataSource().getConnection(), "AAPL", "2026-11-24T14:30:00Z");
        }
        try (Database db = Database.open(url(), 4)) {
            assertThat(db.schemaVersion()).isEqualTo(LATEST_VERSION);
            assertThat(count(db, "SELECT COUNT(*) FROM bars")).isEqualTo(1);
        }
    }

    @Test
    void open_upgrades_a_version_1_database_and_keeps_its_rows() throws SQLException {
        Flyway.configure()
                .dataSource(url(), null, null)
                .locations("classpath:db/migration/sqlite")
                .target("1")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url())) {
            assertThat(tableNames(c)).contains("bars").doesNotContain("data_quality");
            insertBar(c, "MSFT", "2026-11-24T14:31:00Z");
        }

        try (Database db = Database.open(url(), 4)) {
            assertThat(db.schemaVersion()).isEqualTo(LATEST_VERSION);
            assertThat(count(db, "SELECT COUNT(*) FROM bars WHERE symbol = 'MSFT' AND ts = '2026-11-24T14:31:00Z'")).isEqualTo(1);
            assertThat(tables(db)).contains("data_quality");
            assertThat(count(db, "SELECT COUNT(*) FROM data_quality")).isZero();
        }
    }

    @Test
    void sqlite_runs_in_wal_mode() throws SQLException {
        try (Database db = Database.open(url(), 4);
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

    private static void insertBar(Connection c, String symbol, String ts) throws SQLException {
        try (c; Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO bars (symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at) "
                    + "VALUES ('" + symbol + "', '" + ts + "', 1.0, 2.0, 0.5, 1.5, 100, 3, 1.25, 'test', '2026-11-24T15:00:00Z')");
        }
    }

    private static java.util.List<String> tables(Database db) {
        try (Connection c = db.dataSource().getConnection()) {
            return tableNames(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.List<String> tableNames(Connection c) throws SQLException {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long count(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
