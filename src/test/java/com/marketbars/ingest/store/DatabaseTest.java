package com.marketbars.ingest.store;

import com.marketbars.ingest.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migrations, from empty, twice in a row and from databases made by earlier versions, run on both stores by
 * DatabaseSqliteTest and DatabasePostgresTest (which add what only their store needs).
 */
abstract class DatabaseTest {
    /**
     * The newest migration in db/migration/&lt;dialect&gt;/: bump it with each new V&lt;n&gt;__*.sql. The numbers are shared, but
     * not every number is in both: V7 (partitions) and V12 (bar times as timestamptz) are PostgreSQL's alone, V9 (bars
     * without rowid) SQLite's.
     */
    static String latestVersion(SqlDialect dialect) {
        return "15";   // both stores; V12 (bar times as timestamptz) is PostgreSQL's alone
    }
    /** The schema of the release before this one (feeds): what an upgrading user's database is at. */
    static final String PREVIOUS_RELEASE_VERSION = "6";

    private final SqlDialect dialect;

    @TempDir
    Path dir;

    private TestDatabase database;

    DatabaseTest(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @BeforeEach
    void create() {
        database = TestDatabase.fresh(dialect, dir);
    }

    @AfterEach
    void drop() {
        if (database != null) {   // null when skipped: no PostgreSQL server outside CI
            database.close();
        }
    }

    String url() {
        return database.url();
    }

    @Test
    void open_on_an_empty_database_migrates_to_the_latest_schema_version() {
        try (Database db = Database.open(url(), 4)) {
            assertThat(db.schemaVersion()).isEqualTo(latestVersion(dialect));
            assertThat(db.dialect()).isEqualTo(dialect);
            assertThat(tables(db)).contains("bars", "ingest_checkpoint", "ingest_dlq", "universe", "universe_refresh", "data_quality",
                    "flyway_schema_history").doesNotContain("vendor_request_log");
            if (dialect == SqlDialect.POSTGRESQL) {
                assertThat(tables(db)).as("the quota ledger is in the database").contains("quota_account", "quota_slot");
            } else {
                assertThat(tables(db)).as("the quota ledger has a file of its own").doesNotContain("quota_account", "quota_slot");
            }
        }
        try (Database ledger = Database.openQuotaLedger(url())) {
            assertThat(tables(ledger)).contains("quota_account", "quota_slot");
        }
    }

    @Test
    void opening_twice_is_a_no_op_that_keeps_the_version_and_the_data() throws SQLException {
        try (Database db = Database.open(url(), 4)) {
            insertBar(db.dataSource().getConnection(), "AAPL", "2026-11-24T14:30:00Z");
        }
        try (Database db = Database.open(url(), 4)) {
            assertThat(db.schemaVersion()).isEqualTo(latestVersion(dialect));
            assertThat(count(db, "SELECT COUNT(*) FROM bars")).isEqualTo(1);
            // one history row per migration of the dialect (PostgreSQL has a V7 SQLite has not): none ran twice
            long migrations = Flyway.configure().dataSource(url(), null, null).locations(dialect.migrationLocation())
                    .placeholders(java.util.Map.of("first_feed", Database.DEFAULT_FEED)).load().info().all().length;
            assertThat(count(db, "SELECT COUNT(*) FROM flyway_schema_history WHERE version IS NOT NULL"))
                    .as("migrations recorded").isEqualTo(migrations);
        }
    }

    @Test
    void open_upgrades_a_version_1_database_and_keeps_its_rows() throws SQLException {
        migrateTo("1");
        try (Connection c = DriverManager.getConnection(url())) {
            assertThat(tableNames(c)).contains("bars").doesNotContain("data_quality");
            insertBar(c, "MSFT", "2026-11-24T14:31:00Z");
        }

        try (Database db = Database.open(url(), 4)) {
            assertThat(db.schemaVersion()).isEqualTo(latestVersion(dialect));
            assertThat(count(db, "SELECT COUNT(*) FROM bars WHERE symbol = 'MSFT' AND ts = '2026-11-24T14:31:00Z'")).isEqualTo(1);
            assertThat(tables(db)).contains("data_quality");
            assertThat(count(db, "SELECT COUNT(*) FROM data_quality")).isZero();
        }
    }

    @Test
    void open_upgrades_a_database_made_by_the_previous_version_to_the_tables_of_a_fresh_one_and_keeps_its_rows() throws SQLException {
        migrateTo(PREVIOUS_RELEASE_VERSION);
        insertBar(DriverManager.getConnection(url()), "NVDA", "2026-11-24T14:32:00Z");
        try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO ingest_checkpoint (source, symbol, ingested_until, updated_at) "
                    + "VALUES ('src', 'NVDA', '2026-11-24T14:33:00Z', '2026-11-24T15:00:00Z')");
            st.executeUpdate("INSERT INTO universe (source, symbol, added_at) VALUES ('src', 'NVDA', '2026-11-24T15:00:00Z')");
        }
        List<String> upgraded;
        try (Database db = Database.open(url(), 4)) {
            assertThat(db.schemaVersion()).isEqualTo(latestVersion(dialect));
            assertThat(count(db, "SELECT COUNT(*) FROM bars WHERE symbol = 'NVDA'")).isEqualTo(1);
            assertThat(count(db, "SELECT COUNT(*) FROM ingest_checkpoint WHERE symbol = 'NVDA' AND ingested_until = '2026-11-24T14:33:00Z'")).isEqualTo(1);
            assertThat(count(db, "SELECT COUNT(*) FROM universe WHERE symbol = 'NVDA'")).isEqualTo(1);
            upgraded = columns(db);
        }

        try (TestDatabase fresh = TestDatabase.fresh(dialect, dir.resolve("fresh")); Database db = Database.open(fresh.url(), 2)) {
            assertThat(upgraded).as("table.column of the upgraded database").isEqualTo(columns(db));
        }
    }

    @Test
    void open_makes_volume_a_quantity_and_trade_count_and_vwap_optional_keeping_every_value_and_the_operators_views() throws SQLException {
        migrateTo(dialect == SqlDialect.SQLITE ? "9" : "8");   // the schema before V10 on each store
        try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO bars (symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at) "
                    + "VALUES ('AAPL', '2026-11-24T14:30:00Z', 1.0, 2.0, 0.5, 1.5, 9007199254740993, 12, 1.25, 'feed', '2026-11-24T15:00:00Z')");
            // a view of the operator's, and one over it: PostgreSQL refuses to change a column's type under either
            st.executeUpdate("CREATE VIEW volume_by_symbol AS SELECT source, symbol, SUM(volume) AS volume FROM bars GROUP BY source, symbol");
            st.executeUpdate("CREATE VIEW busy_symbols AS SELECT symbol, volume FROM volume_by_symbol WHERE volume > 1000");
        }

        try (Database db = Database.open(url(), 2); Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            assertThat(db.schemaVersion()).isEqualTo(latestVersion(dialect));
            try (ResultSet rs = st.executeQuery("SELECT volume, trade_count, vwap FROM bars")) {
                assertThat(rs.next()).isTrue();
                assertThat(new java.math.BigDecimal(rs.getString(1))).as("a volume beyond 2^53, exactly").isEqualTo(new java.math.BigDecimal("9007199254740993"));
                assertThat(rs.getLong(2)).isEqualTo(12);
                assertThat(rs.getDouble(3)).isEqualTo(1.25);
            }
            try (ResultSet rs = st.executeQuery("SELECT symbol, volume FROM busy_symbols")) {
                assertThat(rs.next()).as("the operator's views read bars still").isTrue();
                assertThat(new java.math.BigDecimal(rs.getString(2))).isEqualTo(new java.math.BigDecimal("9007199254740993"));
            }
            // and a crypto bar as the vendor sends it: a fraction of a coin, no trade count, no VWAP
            new BarStore(db, java.time.Clock.systemUTC()).write("feed", List.of(new com.marketbars.ingest.model.Bar("BTC/USD",
                    java.time.Instant.parse("2026-11-24T14:31:00Z"), 1, 1, 1, 1, new java.math.BigDecimal("12345678.123456789"), null, null)), List.of());
            try (ResultSet rs = st.executeQuery("SELECT volume, trade_count, vwap FROM bars WHERE symbol = 'BTC/USD'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("12345678.123456789");
                assertThat(rs.getObject(2)).isNull();
                assertThat(rs.getObject(3)).isNull();
            }
        }
    }

    @Test
    void an_upgrade_says_each_migration_before_and_after_it() {
        migrateTo(PREVIOUS_RELEASE_VERSION);
        List<String> said = new ArrayList<>();
        migrateWith(new MigrationProgress("the-db", said::add));

        List<String> newer = java.util.Arrays.stream(Flyway.configure().dataSource(url(), null, null)
                        .locations(dialect.migrationLocation()).load().info().applied())
                .filter(m -> m.getVersion().isNewerThan(PREVIOUS_RELEASE_VERSION)).map(m -> m.getVersion().getVersion()).toList();
        assertThat(newer).as("migrations after the previous release").isNotEmpty();
        List<String> expected = new ArrayList<>();
        for (String v : newer) {
            expected.add("Upgrading the database the-db to schema version " + v + " (");
            expected.add("Schema version " + v + " of the-db done in ");
        }
        assertThat(said).hasSameSizeAs(expected);
        for (int i = 0; i < said.size(); i++) {
            assertThat(said.get(i)).startsWith(expected.get(i));
        }
    }

    @Test
    void a_new_database_is_migrated_without_a_line_a_migration() {
        List<String> said = new ArrayList<>();
        migrateWith(new MigrationProgress("the-db", said::add));
        assertThat(said).isEmpty();
        try (Database db = Database.open(url(), 2)) {
            assertThat(db.schemaVersion()).as("and migrated all the same").isEqualTo(latestVersion(dialect));
        }
    }

    private void migrateWith(MigrationProgress progress) {
        flyway().callbacks(progress).load().migrate();
    }

    /** Makes the database an earlier version of the application would have made. */
    void migrateTo(String version) {
        flyway().target(version).load().migrate();
    }

    /** Flyway on this test's database with the application's migrations and placeholders. */
    private org.flywaydb.core.api.configuration.FluentConfiguration flyway() {
        return Flyway.configure()
                .dataSource(url(), null, null)
                .locations(dialect.migrationLocation())
                .placeholders(java.util.Map.of("first_feed", Database.DEFAULT_FEED));
    }

    private static void insertBar(Connection c, String symbol, String ts) throws SQLException {
        try (c; Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO bars (symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at) "
                    + "VALUES ('" + symbol + "', '" + ts + "', 1.0, 2.0, 0.5, 1.5, 100, 3, 1.25, 'test', '2026-11-24T15:00:00Z')");
        }
    }

    private static List<String> tables(Database db) {
        try (Connection c = db.dataSource().getConnection()) {
            return tableNames(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The tables of the connection's own schema (PostgreSQL: the test's schema; SQLite: the file), a partitioned
     * table as one: its partitions (months, which differ with the day and the data) are not listed.
     */
    private static List<String> tableNames(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE", "PARTITIONED TABLE"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME"));
            }
        }
        if (c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT relname FROM pg_class WHERE relispartition AND relnamespace = current_schema()::regnamespace")) {
                while (rs.next()) {
                    out.remove(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Every table.column of the schema except Flyway's own, sorted. */
    private static List<String> columns(Database db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection()) {
            for (String table : tableNames(c)) {
                if (table.equals("flyway_schema_history")) {
                    continue;
                }
                try (ResultSet rs = c.getMetaData().getColumns(null, c.getSchema(), table, "%")) {
                    while (rs.next()) {
                        out.add(table + "." + rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME"));
                    }
                }
            }
        }
        out.sort(null);
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
