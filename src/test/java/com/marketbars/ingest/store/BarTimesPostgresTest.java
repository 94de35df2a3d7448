package com.marketbars.ingest.store;

import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.model.WriteResult;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.support.BarRows;
import com.marketbars.ingest.support.Postgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bar times as timestamptz on PostgreSQL (migration V12): a database of version 11 holding bars in every kind of
 * partition upgrades in place and reads back exactly, with its partitions, views, index and grant; a view the new type
 * cannot serve stops the upgrade by name and changes nothing; a user queries ts as a timestamptz in their own time
 * zone; and the application stores the same instants whatever the time zone of its sessions.
 */
class BarTimesPostgresTest {
    private static final String FEED = "alpaca_bars_1min";
    private static final String COLUMNS = "symbol, ts, open, high, low, close, volume, trade_count, vwap";
    private static final YearMonth NOW = YearMonth.now(ZoneOffset.UTC);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T15:00:00Z"), ZoneOffset.UTC);

    private Postgres.Schema schema;

    @BeforeEach
    void schema() {
        schema = Postgres.freshSchema();
    }

    @AfterEach
    void drop() {
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void a_version_11_database_with_bars_in_every_kind_of_partition_upgrades_and_reads_them_back_exactly() throws SQLException {
        // bars written before partitions (they become bars_before_*; volumes were whole then), into two months'
        // partitions as V11's BarPartitions made them, and into bars_default; fractions, nulls and bounds of months
        YearMonth m1 = NOW.plusMonths(1);
        YearMonth m2 = NOW.plusMonths(2);
        List<Bar> old = List.of(bar("AAPL", "2026-09-30T23:59:00Z", "100"), bar("BTC/USD", "2026-10-15T14:30:00Z", "3"));
        List<Bar> later = List.of(bar("AAPL", m1.atDay(1) + "T00:00:00Z", "12345678901234567890"),
                bar("AAPL", m1.atEndOfMonth() + "T23:59:00Z", "7"), bar("BTC/USD", m2.atDay(1) + "T00:00:00Z", "0.00000001"),
                new Bar("ETH/USD", Instant.parse("2045-06-15T12:00:00Z"), 1, 2, 0.5, 1.5, new BigDecimal("3.5"), null, null));
        migrateTo("6");
        insert(old, "2026-11-24T15:00:00Z");
        migrateTo("11");
        try (Connection c = DriverManager.getConnection(schema.url()); Statement st = c.createStatement()) {
            for (YearMonth m : List.of(m1, m2)) {
                st.execute("CREATE TABLE " + BarPartitions.name(m) + " (LIKE bars INCLUDING DEFAULTS)");
                st.execute("ALTER TABLE bars ATTACH PARTITION " + BarPartitions.name(m) + " FOR VALUES FROM ('" + m.atDay(1)
                        + "') TO ('" + m.plusMonths(1).atDay(1) + "')");
            }
            // an operator's view, one over it, an index and a grant
            st.execute("CREATE VIEW closes AS SELECT source, symbol, ts, close FROM bars");
            st.execute("CREATE VIEW last_closes AS SELECT symbol, MAX(ts) AS last FROM closes GROUP BY symbol");
            st.execute("CREATE INDEX bars_by_ingested_at ON bars (ingested_at)");
            st.execute("GRANT SELECT ON bars TO PUBLIC");
        }
        insert(later, "2026-12-01T08:00:00Z");
        String legacy = "bars_before_" + BarPartitions.name(m1).substring("bars_".length());
        Map<String, Long> rowsBefore = rowsIn();
        assertThat(rowsBefore).isEqualTo(Map.of(legacy, 2L, BarPartitions.name(m1), 2L, BarPartitions.name(m2), 1L, "bars_default", 1L));

        try (Database db = Database.open(schema.url(), 2)) {
            assertThat(db.schemaVersion()).isEqualTo(DatabaseTest.latestVersion(SqlDialect.POSTGRESQL));   // V12 and every later one
            List<Bar> all = new ArrayList<>(old);
            all.addAll(later);
            assertThat(stored()).containsExactlyInAnyOrderElementsOf(all);
            assertThat(query("SELECT DISTINCT pg_typeof(ts)::text || ' ' || pg_typeof(ingested_at)::text FROM bars"))
                    .containsExactly("timestamp with time zone timestamp with time zone");
            assertThat(query("SELECT to_char(ingested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM bars ORDER BY 1"))
                    .containsExactly("2026-11-24T15:00:00Z", "2026-11-24T15:00:00Z", "2026-12-01T08:00:00Z", "2026-12-01T08:00:00Z",
                            "2026-12-01T08:00:00Z", "2026-12-01T08:00:00Z");
            assertThat(rowsIn()).as("every bar in the partition it was in").isEqualTo(rowsBefore);
            assertThat(partitions()).containsOnly(
                    Map.entry(legacy, "FOR VALUES FROM (MINVALUE) TO ('" + m1.atDay(1) + " 00:00:00+00')"),
                    Map.entry(BarPartitions.name(m1), "FOR VALUES FROM ('" + m1.atDay(1) + " 00:00:00+00') TO ('" + m2.atDay(1) + " 00:00:00+00')"),
                    Map.entry(BarPartitions.name(m2), "FOR VALUES FROM ('" + m2.atDay(1) + " 00:00:00+00') TO ('" + m2.plusMonths(1).atDay(1) + " 00:00:00+00')"),
                    Map.entry("bars_default", "DEFAULT"));
            assertThat(query("SELECT symbol || ' ' || pg_typeof(last)::text || ' ' || to_char(last AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') "
                    + "FROM last_closes ORDER BY symbol")).as("the views, made again over timestamptz")
                    .containsExactly("AAPL timestamp with time zone " + m1.atEndOfMonth() + " 23:59",
                            "BTC/USD timestamp with time zone " + m2.atDay(1) + " 00:00", "ETH/USD timestamp with time zone 2045-06-15 12:00");
            assertThat(query("SELECT COUNT(*) FROM pg_inherits WHERE inhparent = 'bars_by_ingested_at'::regclass"))
                    .as("the operator's index, on the new bars and each of its partitions").containsExactly("4");
            assertThat(query("SELECT relacl::text FROM pg_class WHERE oid = 'bars'::regclass").get(0)).as("the grant to PUBLIC").contains("=r/");

            // the primary key holds across the new parent: the same bars are duplicates, a changed one a revision
            BarStore store = new BarStore(db, CLOCK);
            assertThat(store.write(FEED, WriteMode.INSERT_ONLY, all, List.of())).isEqualTo(new WriteResult(0, 0, all.size(), 0));
            Bar revised = new Bar("ETH/USD", Instant.parse("2045-06-15T12:00:00Z"), 1, 2, 0.5, 1.75, new BigDecimal("3.5"), null, null);
            assertThat(store.write(FEED, WriteMode.UPSERT, List.of(revised), List.of())).isEqualTo(new WriteResult(0, 1, 0, 0));
        }
    }

    @Test
    void a_view_that_compares_ts_with_text_stops_the_upgrade_by_name_and_leaves_the_database_as_it_was() throws SQLException {
        migrateTo("11");
        insert(List.of(bar("AAPL", "2026-11-24T14:30:00Z", "100")), "2026-11-24T15:00:00Z");
        try (Connection c = DriverManager.getConnection(schema.url()); Statement st = c.createStatement()) {
            st.execute("CREATE VIEW recent_bars AS SELECT * FROM bars WHERE ts >= '2026-11-01'");
        }

        assertThatThrownBy(() -> Database.open(schema.url(), 2).close())
                .hasStackTraceContaining("view").hasStackTraceContaining("recent_bars");

        assertThat(query("SELECT version FROM flyway_schema_history ORDER BY installed_rank DESC LIMIT 1")).containsExactly("11");
        assertThat(query("SELECT pg_typeof(ts)::text || ' ' || ts FROM recent_bars")).containsExactly("text 2026-11-24T14:30:00Z");
    }

    @Test
    void a_bars_ts_is_a_timestamptz_a_user_can_date_trunc_in_their_time_zone() throws SQLException {
        try (Database db = Database.open(schema.url(), 2)) {
            // 05:00 UTC is midnight in New York in November: the first bar is of the 23rd there, the others of the 24th
            new BarStore(db, CLOCK).write(FEED, List.of(bar("AAPL", "2026-11-24T04:59:00Z", "1"),
                    bar("AAPL", "2026-11-24T05:00:00Z", "1"), bar("AAPL", "2026-11-24T14:30:00Z", "1")), List.of());
        }

        assertThat(query("SELECT day || ' ' || n FROM (SELECT to_char(date_trunc('day', ts, 'America/New_York') AT TIME ZONE "
                + "'America/New_York', 'YYYY-MM-DD') AS day, COUNT(*) AS n FROM bars GROUP BY 1) d ORDER BY 1"))
                .as("a UTC session, the zone named").containsExactly("2026-11-23 1", "2026-11-24 2");
        try (Connection c = DriverManager.getConnection(schema.url()); Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'America/New_York'");
            try (ResultSet rs = st.executeQuery("SELECT date_trunc('day', ts)::text, COUNT(*), MIN(ts)::text FROM bars GROUP BY 1 ORDER BY 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3)).isEqualTo("2026-11-23 00:00:00-05 1 2026-11-23 23:59:00-05");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3)).isEqualTo("2026-11-24 00:00:00-05 2 2026-11-24 00:00:00-05");
            }
        }
    }

    @Test
    void the_application_stores_and_finds_the_same_instants_whatever_the_time_zone_of_its_sessions() throws SQLException {
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kathmandu"));   // +05:45: pgjdbc gives each session the JVM's zone
        List<Bar> bars = List.of(bar("AAPL", "2030-02-28T23:59:00Z", "1"), bar("AAPL", "2030-03-01T00:00:00Z", "2"),
                bar("AAPL", "2030-03-31T23:59:00Z", "3"));
        Bar batched = bar("AAPL", "2030-04-01T00:00:00Z", "4");
        try (Database db = Database.open(schema.url(), 2)) {
            assertThat(single(db, "SHOW TimeZone")).isEqualTo("Asia/Kathmandu");
            assertThat(new BarStore(db, CLOCK).write(FEED, bars, List.of())).isEqualTo(new WriteResult(3, 0, 0, 0));
            assertThat(BarStore.withJdbcBatches(db, CLOCK).write(FEED, List.of(batched), List.of())).isEqualTo(new WriteResult(1, 0, 0, 0));
            assertThat(new BarStore(db, CLOCK).write(FEED, WriteMode.UPSERT, bars, List.of())).isEqualTo(new WriteResult(0, 0, 3, 0));
            assertThat(new StoreStatus(db, FEED).barsSince(Instant.parse("2030-03-01T00:00:00Z"))).isEqualTo(3);
        } finally {
            TimeZone.setDefault(before);
        }

        assertThat(rowsIn()).as("each bar in its UTC month's partition")
                .isEqualTo(Map.of("bars_2030_02", 1L, "bars_2030_03", 2L, "bars_2030_04", 1L));
        assertThat(partitions()).containsEntry("bars_2030_03", "FOR VALUES FROM ('2030-03-01 00:00:00+00') TO ('2030-04-01 00:00:00+00')");
        List<Bar> all = new ArrayList<>(bars);
        all.add(batched);
        assertThat(stored()).containsExactlyElementsOf(all);
        assertThat(query("SELECT DISTINCT to_char(ingested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM bars"))
                .containsExactly("2026-11-24T15:00:00Z");
    }

    private static Bar bar(String symbol, String ts, String volume) {
        return new Bar(symbol, Instant.parse(ts), 10, 10.5, 9.5, 10.25, new BigDecimal(volume), 12L, 10.1);
    }

    /** Inserts the bars as the release before V12 wrote them: times as ISO-8601 text. */
    private void insert(List<Bar> bars, String ingestedAt) throws SQLException {
        StringBuilder rows = new StringBuilder();
        for (Bar b : bars) {
            rows.append(rows.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "('%s', '%s', %s, %s, %s, %s, %s, %s, %s, '%s', '%s')",
                    b.symbol(), b.ts(), b.open(), b.high(), b.low(), b.close(), b.volume().toPlainString(),
                    b.tradeCount() == null ? "NULL" : b.tradeCount(), b.vwap() == null ? "NULL" : b.vwap(), FEED, ingestedAt));
        }
        try (Connection c = DriverManager.getConnection(schema.url()); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO bars (" + COLUMNS + ", source, ingested_at) VALUES " + rows);
        }
    }

    private void migrateTo(String version) {
        Flyway.configure().dataSource(schema.url(), null, null).locations(SqlDialect.POSTGRESQL.migrationLocation())
                .placeholders(Map.of("first_feed", FEED)).target(version).load().migrate();
    }

    /** Every bar of the feed, in (symbol, ts) order. */
    private List<Bar> stored() throws SQLException {
        List<Bar> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(schema.url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + COLUMNS + " FROM bars WHERE source = '" + FEED + "' ORDER BY symbol COLLATE \"C\", ts")) {
            while (rs.next()) {
                out.add(BarRows.read(rs));
            }
        }
        return out;
    }

    /** Partition name -> how many bars it holds, for those holding any. */
    private Map<String, Long> rowsIn() throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        for (String row : query("SELECT tableoid::regclass::text || ' ' || COUNT(*) FROM bars GROUP BY tableoid")) {
            out.put(row.substring(0, row.indexOf(' ')), Long.parseLong(row.substring(row.indexOf(' ') + 1)));
        }
        return out;
    }

    /** Partition name -> its bounds, printed in UTC. */
    private Map<String, String> partitions() throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(schema.url()); Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = st.executeQuery("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
                    + "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'bars'::regclass")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** The first column of every row, as text, in a session of UTC. */
    private List<String> query(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(schema.url()); Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static String single(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
