package com.marketbars.ingest.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

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
}
