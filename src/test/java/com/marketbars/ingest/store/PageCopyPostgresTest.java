package com.marketbars.ingest.store;

import com.marketbars.ingest.errors.StoreException;
import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.model.WriteResult;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.support.BarRows;
import com.marketbars.ingest.support.Postgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the PostgreSQL page write ({@link PageCopy}) does beyond the counts BarStorePostgresTest holds it to: the binary
 * COPY data it writes ({@link BinaryCopyRows}) reads back exactly, on both of its ways into bars; the probe of stored
 * bars spares a mixed page the COPY that would fail; and the one-statement upsert counts a bar another process stores
 * while it runs.
 */
class PageCopyPostgresTest {
    private static final String FEED = "alpaca_bars_1min";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T15:00:00Z"), ZoneOffset.UTC);
    private static final Clock LATER = Clock.offset(CLOCK, Duration.ofHours(1));
    /** When another process (a session of the spec) wrote its bars. */
    private static final String OTHER = "2026-11-24T17:00:00Z";
    private static final String COLUMNS = "symbol, ts, open, high, low, close, volume, trade_count, vwap";

    private Postgres.Copy database;
    private Database db;

    @BeforeEach
    void open() {
        database = Postgres.migratedDatabase();
        db = Database.open(database.url(), 3);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void extreme_values_odd_symbols_and_partition_bounds_round_trip_exactly_both_ways_into_bars() throws SQLException {
        List<Bar> page = new ArrayList<>(List.of(
                new Bar("", Instant.parse("2026-12-01T00:00:00Z"), Double.MAX_VALUE, Double.MIN_VALUE, -0.0, 0.0,
                        Long.MAX_VALUE, Long.MIN_VALUE, Double.MIN_NORMAL),
                new Bar("AAPL", Instant.parse("2026-11-30T23:59:00Z"), 0.1 + 0.2, 1e-9, 9_007_199_254_740_993.0,
                        -231.17, 0, -1, 231.123456789012),
                new Bar("AAPL", Instant.parse("2026-12-01T00:00:00Z"), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                        Double.NaN, 1, 1, 1, 1),
                new Bar("BTC/USD", Instant.parse("2031-03-14T15:09:26.535Z"), 1, 2, 3, 4, 5, 6, 7),
                new Bar("tab\tnew\nline\rback\\slash \\N \"'", Instant.parse("1969-12-31T23:59:00Z"), 1, 2, 3, 4, 5, 6, 7),
                new Bar("ünïcødé€ emoji\uD83D\uDE00", Instant.parse("2027-01-01T00:00:00Z"), 1, 2, 3, 4, 5, 6, 7),
                new Bar("X".repeat(70_000), Instant.parse("2026-11-24T14:30:00Z"), 1, 2, 3, 4, 5, 6, 7)));
        page.sort(Comparator.comparing(Bar::symbol).thenComparing(Bar::ts));
        String source = "feed\twith\\odd \u00e9 name";

        assertThat(new BarStore(db, CLOCK).write(source, page, List.of())).as("straight into bars")
                .isEqualTo(new WriteResult(page.size(), 0, 0, 0));
        assertThat(stored(source)).containsExactlyElementsOf(page);
        assertThat(ingestedAt(source)).containsOnly("2026-11-24T15:00:00Z");

        List<Bar> revised = new ArrayList<>();
        for (Bar b : page) {
            revised.add(new Bar(b.symbol(), b.ts(), -b.open(), b.high(), b.low(), b.close(), b.volume().add(java.math.BigDecimal.ONE), b.tradeCount(), b.vwap()));
        }
        assertThat(new BarStore(db, LATER).write(source, WriteMode.UPSERT, revised, List.of())).as("through bars_page")
                .isEqualTo(new WriteResult(0, page.size(), 0, 0));
        assertThat(stored(source)).containsExactlyElementsOf(revised);
        assertThat(ingestedAt(source)).containsOnly("2026-11-24T16:00:00Z");
        assertThat(new BarStore(db, LATER).write(source, WriteMode.UPSERT, revised, List.of())).as("-0.0, NaN compare equal to themselves")
                .isEqualTo(new WriteResult(0, 0, page.size(), 0));
    }

    @Test
    void binary_copy_data_has_the_header_row_layout_and_trailer_of_the_format() {
        Bar bar = new Bar("é", Instant.parse("2026-11-24T14:30:00Z"), 1.5, 2, 3, 4, 0x0102030405060708L, -2, 7);

        Instant ingested = Instant.parse("2026-11-24T15:00:00.000123Z");
        byte[] data = BinaryCopyRows.of(List.of(bar), "s", ingested);

        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(data);
        byte[] signature = new byte[11];
        in.get(signature);
        assertThat(signature).containsExactly('P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xFF, '\r', '\n', 0);
        assertThat(in.getInt()).as("flags").isZero();
        assertThat(in.getInt()).as("header extension").isZero();
        assertThat(in.getShort()).as("fields").isEqualTo((short) 11);
        assertThat(in.getInt()).as("é in UTF-8").isEqualTo(2);
        assertThat(new byte[] {in.get(), in.get()}).containsExactly(0xC3, 0xA9);
        assertThat(in.getInt()).as("ts: a timestamptz").isEqualTo(8);
        assertThat(in.getLong()).as("microseconds since 2000-01-01T00:00:00Z")
                .isEqualTo(ChronoUnit.MICROS.between(Instant.parse("2000-01-01T00:00:00Z"), bar.ts())).isEqualTo(848_845_800_000_000L);
        assertThat(in.getInt()).isEqualTo(8);
        assertThat(in.getLong()).as("1.5, big-endian IEEE 754").isEqualTo(0x3FF8000000000000L);
        in.position(in.position() + 3 * 12);
        // 0x0102030405060708 = 72,623,859,790,382,856: five base-10000 digits, the first at 10000^4, no fraction
        assertThat(in.getInt()).as("volume: 4 header shorts + 5 digits").isEqualTo(8 + 2 * 5);
        assertThat(new short[] {in.getShort(), in.getShort(), in.getShort(), in.getShort()}).as("ndigits, weight, sign, dscale")
                .containsExactly((short) 5, (short) 4, (short) 0, (short) 0);
        assertThat(new short[] {in.getShort(), in.getShort(), in.getShort(), in.getShort(), in.getShort()})
                .as("volume's digits, most significant first").containsExactly((short) 7, (short) 2623, (short) 8597, (short) 9038, (short) 2856);
        in.position(in.position() + 2 * 12);
        assertThat(in.getInt()).isEqualTo(1);
        in.position(in.position() + 1);
        assertThat(in.getInt()).as("ingested_at: a timestamptz").isEqualTo(8);
        assertThat(in.getLong()).isEqualTo(848_847_600_000_123L);
        assertThat(in.getShort()).as("trailer").isEqualTo((short) -1);
        assertThat(in.remaining()).isZero();
    }

    @Test
    void a_null_symbol_is_sent_as_null_and_refused_by_the_table() {
        Bar bar = new Bar(null, Instant.parse("2026-11-24T14:30:00Z"), 1, 2, 3, 4, 5, 6, 7);

        byte[] data = BinaryCopyRows.of(List.of(bar), "s", Instant.parse("2026-11-24T15:00:00Z"));

        assertThat(java.nio.ByteBuffer.wrap(data).getInt(11 + 8 + 2)).isEqualTo(-1);
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> new BarStore(db, CLOCK).write(FEED, List.of(bar), List.of()));
        assertThat(refused).isInstanceOf(StoreException.class).hasCauseInstanceOf(SQLException.class);
        assertThat(((SQLException) refused.getCause()).getSQLState()).as("not_null_violation").isEqualTo("23502");
    }

    @Test
    void the_probe_asks_the_first_and_last_bar_of_each_symbols_run() {
        List<Bar> page = new ArrayList<>();
        for (String symbol : List.of("A", "B", "C")) {
            for (int m = 0; m < (symbol.equals("B") ? 1 : 4); m++) {
                page.add(bar(symbol, m, 1));
            }
        }

        assertThat(PageCopy.probed(page)).containsExactly(page.get(0), page.get(3), page.get(4), page.get(5), page.get(8));
        assertThat(PageCopy.probed(page.subList(0, 1))).containsExactly(page.get(0));
    }

    @Test
    void a_page_whose_middle_symbol_starts_with_stored_bars_is_not_copied_straight_into_bars_first() throws SQLException {
        // every row offered to bars, kept or not, draws a number: a COPY that failed on a stored bar would show
        execute("CREATE SEQUENCE offered");
        execute("CREATE FUNCTION count_offered() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('offered'); RETURN NEW; END $$");
        execute("CREATE TRIGGER count_offered BEFORE INSERT ON bars FOR EACH ROW EXECUTE FUNCTION count_offered()");
        List<Bar> page = new ArrayList<>();
        for (String symbol : List.of("A", "B", "C")) {
            for (int m = 0; m < 100; m++) {
                page.add(bar(symbol, m, 1));
            }
        }
        BarStore store = new BarStore(db, CLOCK);
        store.write(FEED, page.subList(100, 110), List.of());   // B's first ten minutes

        assertThat(store.write(FEED, page, List.of())).isEqualTo(new WriteResult(290, 0, 10, 0));
        assertThat(offered()).as("10 stored, then each bar of the page once").isEqualTo(10 + 300);
        assertThat(stored(FEED)).containsExactlyElementsOf(page);
    }

    @Test
    void a_bar_another_process_stores_while_an_upsert_runs_is_replaced_and_counted_as_revised() throws Exception {
        BarStore store = new BarStore(db, CLOCK);
        List<Bar> page = List.of(bar("A", 0, 1), bar("A", 1, 1), bar("A", 2, 1), bar("A", 3, 1));
        store.write(FEED, page.subList(0, 1), List.of());   // so the page goes through bars_page
        List<Bar> revision = List.of(bar("A", 0, 2), bar("A", 1, 2), bar("A", 2, 1), bar("A", 3, 1));
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Connection other = DriverManager.getConnection(database.url())) {
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                // minute 1 with other values, minute 2 with the page's: uncommitted when the upsert looks them up
                st.executeUpdate("INSERT INTO bars (" + COLUMNS + ", source, ingested_at) VALUES "
                        + "('A', '" + bar("A", 1, 1).ts() + "', 1, 1, 1, 1, 1, 1, 1, '" + FEED + "', '" + OTHER + "'), "
                        + "('A', '" + bar("A", 2, 1).ts() + "', 1, 2, 0, 1, 100, 3, 1, '" + FEED + "', '" + OTHER + "')");
            }
            Future<WriteResult> upsert = writer.submit(() -> new BarStore(db, LATER).write(FEED, WriteMode.UPSERT, revision, List.of()));
            awaitBlockedBy(other);
            other.commit();

            assertThat(upsert.get()).isEqualTo(new WriteResult(1, 2, 1, 0));
        } finally {
            writer.shutdownNow();
        }
        assertThat(stored(FEED)).containsExactlyElementsOf(revision);
        assertThat(ingestedAt(FEED)).containsExactly("2026-11-24T16:00:00Z", "2026-11-24T16:00:00Z", OTHER, "2026-11-24T16:00:00Z");
    }

    /** Waits until a session of the pool waits for a lock the other connection holds. */
    private void awaitBlockedBy(Connection other) throws Exception {
        int pid;
        try (Statement st = other.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(Postgres.SERVER); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE " + pid + " = ANY (pg_blocking_pids(pid))")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the upsert never waited for the other process's uncommitted bars");
    }

    private static Bar bar(String symbol, int minute, double price) {
        return new Bar(symbol, Instant.parse("2026-11-24T14:30:00Z").plusSeconds(60L * minute), price, price + 1, price - 1,
                price, 100, 3, price);
    }

    private List<Bar> stored(String source) throws SQLException {
        List<Bar> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(database.url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + COLUMNS + " FROM bars WHERE source = '" + source.replace("'", "''")
                     + "' ORDER BY symbol COLLATE \"C\", ts")) {
            while (rs.next()) {
                out.add(BarRows.read(rs));
            }
        }
        return out;
    }

    private List<String> ingestedAt(String source) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(database.url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ingested_at FROM bars WHERE source = '" + source.replace("'", "''")
                     + "' ORDER BY symbol COLLATE \"C\", ts")) {
            while (rs.next()) {
                out.add(BarRows.instant(rs, 1).toString());
            }
        }
        return out;
    }

    private long offered() throws SQLException {
        try (Connection c = DriverManager.getConnection(database.url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT last_value FROM offered")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.url()); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
