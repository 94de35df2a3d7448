package com.marketbars.ingest.store;

import com.marketbars.ingest.support.Postgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The specs of {@link DatabaseTest} in PostgreSQL schemas, and the isolation those runs rely on: with
 * {@code currentSchema} in the URL, the migrations, Flyway's history and every write stay in that schema, and
 * dropping it leaves nothing behind.
 */
class DatabasePostgresTest extends DatabaseTest {
    DatabasePostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }

    @Test
    void every_session_of_the_pool_has_its_own_keepalive_and_idle_transaction_limit() throws Exception {
        try (Postgres.Schema schema = Postgres.freshSchema(); Database db = Database.open(schema.url(), 2);
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('tcp_keepalives_idle'), current_setting('tcp_keepalives_interval'),"
                     + " current_setting('tcp_keepalives_count'), current_setting('idle_in_transaction_session_timeout')")) {
            rs.next();
            // a cut-off client is dropped after 10 + 3 x 5 s of silence, not the OS default of two hours
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                    .containsExactly("10", "5", "3", "3s");
        }
    }

    @Test
    void migrations_and_their_history_land_in_the_schema_named_by_current_schema() throws SQLException {
        try (Postgres.Schema schema = Postgres.freshSchema(); Database db = Database.open(schema.url(), 2)) {
            assertThat(tablesIn(schema.name())).contains("flyway_schema_history", "bars", "ingest_checkpoint",
                    "ingest_dlq", "data_quality", "universe", "quota_account", "quota_slot");
            assertThat(db.schemaVersion()).isEqualTo(latestVersion(SqlDialect.POSTGRESQL));
        }
    }

    @Test
    void two_schemas_are_two_databases() {
        try (Postgres.Schema a = Postgres.freshSchema(); Postgres.Schema b = Postgres.freshSchema();
             Database dbA = Database.open(a.url(), 2); Database dbB = Database.open(b.url(), 2)) {
            new UniverseStore(dbA, Clock.systemUTC(), "alpaca_bars_1min").sync(List.of("AAPL", "MSFT"));

            assertThat(new UniverseStore(dbB, Clock.systemUTC(), "alpaca_bars_1min").load()).isEmpty();
            assertThat(new UniverseStore(dbA, Clock.systemUTC(), "alpaca_bars_1min").load()).containsExactly("AAPL", "MSFT");
        }
    }

    @Test
    void closing_a_schema_drops_it_with_its_tables() throws SQLException {
        Postgres.Schema schema = Postgres.freshSchema();
        Database.open(schema.url(), 2).close();
        assertThat(tablesIn(schema.name())).isNotEmpty();

        schema.close();

        assertThat(tablesIn(schema.name())).isEmpty();
        try (Connection c = DriverManager.getConnection(Postgres.SERVER);
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?")) {
            ps.setString(1, schema.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    private static List<String> tablesIn(String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(Postgres.SERVER);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
