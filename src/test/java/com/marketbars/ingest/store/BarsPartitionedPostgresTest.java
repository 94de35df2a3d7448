package com.marketbars.ingest.store;

import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.model.WriteResult;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.support.BarRows;
import com.marketbars.ingest.support.Postgres;
import com.marketbars.ingest.support.SettableClock;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bars partitioned by month on PostgreSQL (migration V7, {@link BarPartitions}): a database of schema version 6 with
 * rows upgrades in place, the partitions of the coming months exist once the database is open, a bar of any month
 * lands somewhere and is found, ON CONFLICT counts stay exact across partitions, bars that went to bars_default move
 * into their month's partition when it is made, and several processes making the same partitions at once all succeed.
 */
class BarsPartitionedPostgresTest {
    private static final String FEED = "alpaca_bars_1min";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    private static final YearMonth NOW = YearMonth.now(ZoneOffset.UTC);

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
    void a_fresh_database_has_the_partitions_of_this_month_and_the_next_two_once_open() throws SQLException {
        try (Database db = Database.open(schema.url(), 2)) {
            assertThat(partitions()).containsOnlyKeys("bars_default", BarPartitions.name(NOW), BarPartitions.name(NOW.plusMonths(1)),
                    BarPartitions.name(NOW.plusMonths(2)));
            assertThat(partitions().get(BarPartitions.name(NOW.plusMonths(1))))
                    .isEqualTo("FOR VALUES FROM ('" + start(NOW.plusMonths(1)) + "') TO ('" + start(NOW.plusMonths(2)) + "')");
        }
        try (Database again = Database.open(schema.url(), 2)) {
            assertThat(partitions()).hasSize(4);
        }
    }

    @Test
    void a_query_on_a_month_of_ts_reads_that_months_partition_alone() throws SQLException {
        try (Database db = Database.open(schema.url(), 2)) {
            YearMonth next = NOW.plusMonths(1);
            for (String range : List.of("ts >= '" + next.atDay(1) + "' AND ts < '" + next.plusMonths(1).atDay(1) + "'",
                    "ts >= '" + next.atDay(1) + "T00:00:00Z' AND ts < '" + next.atDay(8) + "'",
                    "ts BETWEEN '" + next.atDay(3) + "T14:30:00Z' AND '" + next.atDay(3) + "T21:00:00Z'")) {
                String plan = plan("SELECT * FROM bars WHERE source = 'f' AND symbol = 'AAPL' AND " + range);
                assertThat(plan).as(range).contains(BarPartitions.name(next))
                        .doesNotContain(BarPartitions.name(NOW)).doesNotContain(BarPartitions.name(next.plusMonths(1))).doesNotContain("bars_default");
            }
        }
    }

    @Test
    void a_version_6_database_with_rows_upgrades_in_place_and_counts_stay_exact_across_partitions() throws SQLException {
        migrateToVersion6();
        List<Bar> old = new ArrayList<>();
        for (String month : List.of("2026-09-30T23:59:00Z", "2026-10-15T14:30:00Z", NOW.atDay(1) + "T00:00:00Z")) {
            old.add(bar("AAPL", month, 10));
            old.add(bar("BTC/USD", month, 20));
        }
        StringBuilder rows = new StringBuilder();
        for (String source : List.of(FEED, "other_feed")) {
            for (Bar b : old) {
                rows.append(rows.length() == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "('%s', '%s', %s, %s, %s, %s, %s, %d, %s, '%s', '2026-11-24T15:00:00Z')",
                        b.symbol(), b.ts(), b.open(), b.high(), b.low(), b.close(), b.volume(), b.tradeCount(), b.vwap(), source));
            }
        }
        try (Connection c = DriverManager.getConnection(schema.url()); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO bars (symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at) VALUES " + rows);
        }

        try (Database db = Database.open(schema.url(), 2, FEED)) {
            String legacy = "bars_before_" + BarPartitions.name(NOW.plusMonths(1)).substring("bars_".length());
            assertThat(db.schemaVersion()).isEqualTo(DatabaseTest.latestVersion(SqlDialect.POSTGRESQL));
            assertThat(partitions()).as("the old table keeps everything before next month; this month is its too")
                    .containsOnlyKeys(legacy, "bars_default", BarPartitions.name(NOW.plusMonths(1)), BarPartitions.name(NOW.plusMonths(2)));
            assertThat(partitions().get(legacy)).isEqualTo("FOR VALUES FROM (MINVALUE) TO ('" + start(NOW.plusMonths(1)) + "')");
            assertThat(rowsIn()).isEqualTo(Map.of(legacy, 12L));
            assertThat(new StoreStatus(db, FEED).bars()).isEqualTo(6);

            BarStore store = new BarStore(db, CLOCK);
            assertThat(store.write(FEED, old, List.of())).as("ON CONFLICT on the old partition").isEqualTo(new WriteResult(0, 0, 6, 0));
            assertThat(store.write(FEED, WriteMode.UPSERT, old, List.of())).isEqualTo(new WriteResult(0, 0, 6, 0));

            // one page: a revision of an old bar, bars of next month and of a month years ahead
            Bar revised = bar("AAPL", "2026-10-15T14:30:00Z", 11);
            Bar nextMonth = bar("AAPL", NOW.plusMonths(1).atDay(3) + "T14:30:00Z", 12);
            Bar farAhead = bar("AAPL", "2031-03-14T15:09:00Z", 13);
            List<Bar> page = List.of(revised, nextMonth, farAhead, old.get(1));
            assertThat(store.write(FEED, WriteMode.UPSERT, page, List.of())).isEqualTo(new WriteResult(2, 1, 1, 0));
            assertThat(store.write(FEED, WriteMode.UPSERT, page, List.of())).isEqualTo(new WriteResult(0, 0, 4, 0));
            assertThat(store.write(FEED, List.of(bar("AAPL", "2031-03-14T15:09:00Z", 99)), List.of())).isEqualTo(new WriteResult(0, 0, 1, 0));
            // and a revision of each of them, wherever it is stored
            List<Bar> again = List.of(bar("AAPL", "2026-10-15T14:30:00Z", 21), bar("AAPL", nextMonth.ts().toString(), 22),
                    bar("AAPL", "2031-03-14T15:09:00Z", 23));
            assertThat(store.write(FEED, WriteMode.UPSERT, again, List.of())).isEqualTo(new WriteResult(0, 3, 0, 0));

            assertThat(rowsIn()).isEqualTo(Map.of(legacy, 12L, BarPartitions.name(NOW.plusMonths(1)), 1L, "bars_2031_03", 1L));
            assertThat(closeOf("AAPL", "2031-03-14T15:09:00Z")).isEqualTo(23);
            assertThat(closeOf("AAPL", nextMonth.ts().toString())).isEqualTo(22);
            assertThat(closeOf("AAPL", "2026-10-15T14:30:00Z")).isEqualTo(21);
            assertThat(new StoreStatus(db, FEED).bars()).isEqualTo(8);
            assertThat(new StoreStatus(db, "other_feed").bars()).isEqualTo(6);
        }
    }

    @Test
    void an_old_table_whose_newest_bar_lies_months_ahead_keeps_every_row_up_to_that_month() throws SQLException {
        migrateToVersion6();
        YearMonth ahead = NOW.plusMonths(7);
        try (Connection c = DriverManager.getConnection(schema.url()); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO bars (symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at) VALUES "
                    + "('AAPL', '2026-10-15T14:30:00Z', 1, 2, 0.5, 1.5, 100, 3, 1.2, '" + FEED + "', '2026-11-24T15:00:00Z'), "
                    + "('AAPL', '" + ahead.atDay(28) + "T23:59:00Z', 1, 2, 0.5, 1.5, 100, 3, 1.2, '" + FEED + "', '2026-11-24T15:00:00Z')");
        }

        try (Database db = Database.open(schema.url(), 2)) {
            String legacy = "bars_before_" + BarPartitions.name(ahead.plusMonths(1)).substring("bars_".length());
            assertThat(partitions()).as("the coming months lie in the old table's range").containsOnlyKeys(legacy, "bars_default");
            assertThat(rowsIn()).isEqualTo(Map.of(legacy, 2L));
            assertThat(new BarStore(db, CLOCK).write(FEED, List.of(bar("AAPL", NOW.plusMonths(1).atDay(2) + "T10:00:00Z", 5)), List.of()))
                    .isEqualTo(new WriteResult(1, 0, 0, 0));
            assertThat(rowsIn()).isEqualTo(Map.of(legacy, 3L));
        }
    }

    @Test
    void bars_that_went_to_the_default_partition_move_into_their_month_when_it_is_made() throws SQLException {
        try (Database db = Database.open(schema.url(), 2)) {
            // a lock on bars_default that making a partition waits for (an open transaction reading it): it gives up
            // after 5 s, and the page still goes in, to bars_default
            try (Connection reader = DriverManager.getConnection(schema.url()); Statement st = reader.createStatement()) {
                reader.setAutoCommit(false);
                st.execute("LOCK TABLE bars_default IN ACCESS SHARE MODE");
                WriteResult r = new BarStore(db, CLOCK).write(FEED, List.of(bar("MSFT", "2045-01-01T00:00:00Z", 1), bar("MSFT", "2045-01-31T23:59:00Z", 1)), List.of());
                assertThat(r).isEqualTo(new WriteResult(2, 0, 0, 0));
                assertThat(db.partitions().covers(YearMonth.of(2045, 1))).isFalse();
                reader.rollback();
            }
            assertThat(rowsIn()).isEqualTo(Map.of("bars_default", 2L));
            // and bars of the next months written by hand
            try (Connection c = DriverManager.getConnection(schema.url()); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO bars (symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at) VALUES "
                        + "('MSFT', '2045-02-01T00:00:00Z', 1, 2, 0.5, 2, 100, 3, 1.2, '" + FEED + "', '2026-11-24T15:00:00Z'), "
                        + "('MSFT', '2045-03-31T23:59:59Z', 1, 2, 0.5, 3, 100, 3, 1.2, '" + FEED + "', '2026-11-24T15:00:00Z')");
            }
            assertThat(rowsIn()).isEqualTo(Map.of("bars_default", 4L));

            // as the same process does a minute later (its own waits that long before trying the months again)
            SettableClock aMinuteLater = new SettableClock(Instant.now().plusSeconds(61));
            new BarPartitions(db, aMinuteLater).ensure(YearMonth.of(2045, 1));

            assertThat(rowsIn()).isEqualTo(Map.of("bars_2045_01", 2L, "bars_2045_02", 1L, "bars_2045_03", 1L));
            assertThat(closeOf("MSFT", "2045-03-31T23:59:59Z")).isEqualTo(3);
            assertThat(new BarStore(db, CLOCK).write(FEED, List.of(bar("MSFT", "2045-01-31T23:59:00Z", 1)), List.of()))
                    .isEqualTo(new WriteResult(0, 0, 1, 0));
        }
    }

    @Test
    void several_processes_making_the_same_partitions_at_once_all_succeed_and_write_every_bar_into_them() throws Exception {
        int processes = 4;
        List<Database> dbs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(processes);
        try {
            for (int i = 0; i < processes; i++) {
                dbs.add(Database.open(schema.url(), 2));
            }
            CyclicBarrier together = new CyclicBarrier(processes);
            for (int round = 0; round < 8; round++) {
                YearMonth month = YearMonth.of(2040, 1).plusMonths(3L * round);
                List<Future<WriteResult>> writes = new ArrayList<>();
                for (int p = 0; p < processes; p++) {
                    Database db = dbs.get(p);
                    Bar b = bar("SYM" + p, month.atDay(1) + "T00:0" + p + ":00Z", p);
                    writes.add(pool.submit(() -> {
                        together.await();
                        return new BarStore(db, CLOCK).write(FEED, List.of(b), List.of());
                    }));
                }
                for (Future<WriteResult> w : writes) {
                    assertThat(w.get()).isEqualTo(new WriteResult(1, 0, 0, 0));
                }
                for (Database db : dbs) {
                    assertThat(db.partitions().covers(month.plusMonths(2))).as("round %d", round).isTrue();
                }
                assertThat(rowsIn().get(BarPartitions.name(month))).isEqualTo(processes);
            }
            assertThat(rowsIn()).doesNotContainKey("bars_default");
            assertThat(partitions()).hasSize(4 + 8 * 3);
        } finally {
            pool.shutdownNow();
            dbs.forEach(Database::close);
        }
    }

    /** The schema as the release before partitions made it. */
    private void migrateToVersion6() {
        Flyway.configure().dataSource(schema.url(), null, null).locations(SqlDialect.POSTGRESQL.migrationLocation())
                .placeholders(Map.of("first_feed", FEED)).target("6").load().migrate();
    }

    private static Bar bar(String symbol, String ts, double close) {
        return new Bar(symbol, Instant.parse(ts), 10, 100, 0.5, close, 1000, 12, 10.1);
    }

    private String plan(String query) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(schema.url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("EXPLAIN " + query)) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
        return out.toString();
    }

    /** A month's first instant in UTC, as PostgreSQL prints a timestamptz bound in UTC. */
    private static String start(YearMonth m) {
        return m.atDay(1) + " 00:00:00+00";
    }

    /** Partition name -> its bounds, as PostgreSQL prints them in UTC. */
    private Map<String, String> partitions() throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(schema.url()); Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = st.executeQuery("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
                    + "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass('bars')")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Partition name -> how many bars it holds, for those holding any. */
    private Map<String, Long> rowsIn() throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(schema.url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT tableoid::regclass::text, COUNT(*) FROM bars GROUP BY 1")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private double closeOf(String symbol, String ts) throws SQLException {
        try (Connection c = DriverManager.getConnection(schema.url());
             PreparedStatement ps = c.prepareStatement("SELECT close FROM bars WHERE source = ? AND symbol = ? AND ts = ?")) {
            ps.setString(1, FEED);
            ps.setString(2, symbol);
            BarRows.bindInstant(ps, 3, Instant.parse(ts));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getDouble(1);
            }
        }
    }
}
