package com.marketbars.ingest.store;

import com.marketbars.ingest.pipeline.Bar;
import com.marketbars.ingest.quality.QualityRule;
import com.marketbars.ingest.quality.Rejection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BarStoreTest {

    private static final String SOURCE = "alpaca_bars_1min";
    private static final Instant T0 = Instant.parse("2026-11-24T14:30:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T15:00:00.789Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Database db;
    private BarStore store;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"), 4);
        store = new BarStore(db, CLOCK);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void writing_new_bars_reports_every_row_as_inserted() {
        WriteResult r = store.write(SOURCE, bars(5, 500, 0), List.of());

        assertThat(r).isEqualTo(new WriteResult(2500, 0, 0));
        assertThat(count("SELECT COUNT(*) FROM bars")).isEqualTo(2500);
    }

    @Test
    void writing_the_same_bars_again_adds_nothing_and_reports_them_as_duplicates() {
        List<Bar> page = bars(5, 500, 0);
        store.write(SOURCE, page, List.of());

        WriteResult again = store.write(SOURCE, page, List.of());

        assertThat(again).isEqualTo(new WriteResult(0, 2500, 0));
        assertThat(count("SELECT COUNT(*) FROM bars")).isEqualTo(2500);
    }

    @Test
    void a_page_of_old_and_new_bars_counts_each_exactly() {
        store.write(SOURCE, bars(1, 10, 0), List.of());

        WriteResult mixed = store.write(SOURCE, bars(1, 15, 0), List.of());

        assertThat(mixed.inserted()).isEqualTo(5);
        assertThat(mixed.duplicates()).isEqualTo(10);
        assertThat(count("SELECT COUNT(*) FROM bars")).isEqualTo(15);
    }

    @Test
    void an_empty_page_writes_nothing() {
        assertThat(store.write(SOURCE, List.of(), List.of())).isEqualTo(WriteResult.NONE);
    }

    @Test
    void values_round_trip_exactly() throws SQLException {
        Bar bar = new Bar("AAPL", T0, 231.17, 231.9999999, 0.1 + 0.2, 1e-9, 9_007_199_254_740_993L, 42, 231.123456789012);
        store.write(SOURCE, List.of(bar), List.of());

        try (Connection c = db.dataSource().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at FROM bars")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("symbol")).isEqualTo("AAPL");
            assertThat(rs.getString("ts")).isEqualTo("2026-11-24T14:30:00Z");
            assertThat(rs.getDouble("open")).isEqualTo(231.17);
            assertThat(rs.getDouble("high")).isEqualTo(231.9999999);
            assertThat(rs.getDouble("low")).isEqualTo(0.1 + 0.2);
            assertThat(rs.getDouble("close")).isEqualTo(1e-9);
            assertThat(rs.getLong("volume")).isEqualTo(9_007_199_254_740_993L);
            assertThat(rs.getLong("trade_count")).isEqualTo(42);
            assertThat(rs.getDouble("vwap")).isEqualTo(231.123456789012);
            assertThat(rs.getString("source")).isEqualTo(SOURCE);
            assertThat(rs.getString("ingested_at")).isEqualTo("2026-11-24T15:00:00Z");
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void rejections_are_quarantined_in_the_same_call() throws SQLException {
        Rejection r = new Rejection("MSFT", "2026-11-24T14:31:00Z", "{\"t\":\"2026-11-24T14:31:00Z\",\"o\":\"NaN\"}",
                QualityRule.NOT_A_NUMBER, "o is NaN");

        WriteResult result = store.write(SOURCE, bars(1, 3, 0), List.of(r));

        assertThat(result).isEqualTo(new WriteResult(3, 0, 1));
        try (Connection c = db.dataSource().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT source, symbol, ts, raw_bar, rule, detail, detected_at, fingerprint FROM data_quality")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("source")).isEqualTo(SOURCE);
            assertThat(rs.getString("symbol")).isEqualTo("MSFT");
            assertThat(rs.getString("ts")).isEqualTo("2026-11-24T14:31:00Z");
            assertThat(rs.getString("raw_bar")).isEqualTo(r.rawBar());
            assertThat(rs.getString("rule")).isEqualTo("NOT_A_NUMBER");
            assertThat(rs.getString("detail")).isEqualTo("o is NaN");
            assertThat(rs.getString("detected_at")).isEqualTo("2026-11-24T15:00:00Z");
            assertThat(rs.getString("fingerprint")).hasSize(64);
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void a_page_of_only_rejections_is_quarantined() {
        Rejection r = new Rejection("MSFT", null, "{\"o\":1}", QualityRule.MISSING_FIELD, "t is missing");

        store.write(SOURCE, List.of(), List.of(r));

        assertThat(count("SELECT COUNT(*) FROM data_quality")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM bars")).isZero();
    }

    @Test
    void the_same_rejection_written_twice_is_stored_once() {
        Rejection r = new Rejection("MSFT", "2026-11-24T14:31:30Z", "{\"t\":\"2026-11-24T14:31:30Z\"}",
                QualityRule.NOT_ON_MINUTE, "t has seconds");

        store.write(SOURCE, List.of(), List.of(r));
        store.write(SOURCE, List.of(), List.of(r));
        store.write(SOURCE, List.of(), List.of(r, r));

        assertThat(count("SELECT COUNT(*) FROM data_quality")).isEqualTo(1);
    }

    @Test
    void the_same_raw_bar_broken_under_another_rule_or_source_is_stored_separately() {
        String raw = "{\"t\":\"2026-11-24T14:31:30Z\"}";
        store.write(SOURCE, List.of(), List.of(
                new Rejection("MSFT", null, raw, QualityRule.NOT_ON_MINUTE, null),
                new Rejection("MSFT", null, raw, QualityRule.OUTSIDE_WINDOW, null)));
        store.write("other_source", List.of(), List.of(new Rejection("MSFT", null, raw, QualityRule.NOT_ON_MINUTE, null)));

        assertThat(count("SELECT COUNT(*) FROM data_quality")).isEqualTo(3);
    }

    @Test
    void a_failing_write_rolls_back_the_whole_page_and_throws_a_store_exception() {
        store.write(SOURCE, bars(1, 10, 0), List.of());
        List<Bar> page = new ArrayList<>(bars(3, 600, 0));        // 1800 bars: the first JDBC batch of 1000 executes
        page.add(new Bar(null, T0, 1, 2, 0.5, 1.5, 10, 1, 1.2));  // NOT NULL violation in the second batch
        Rejection r = new Rejection("MSFT", null, "{}", QualityRule.MISSING_FIELD, null);

        assertThatThrownBy(() -> store.write(SOURCE, page, List.of(r)))
                .isInstanceOf(StoreException.class)
                .hasCauseInstanceOf(SQLException.class);

        assertThat(count("SELECT COUNT(*) FROM bars")).isEqualTo(10);
        assertThat(count("SELECT COUNT(*) FROM data_quality")).isZero();
    }

    @Test
    void the_store_stays_usable_after_a_failed_write() {
        List<Bar> bad = List.of(bar("AAPL", T0), new Bar(null, T0, 1, 2, 0.5, 1.5, 10, 1, 1.2));
        assertThatThrownBy(() -> store.write(SOURCE, bad, List.of())).isInstanceOf(StoreException.class);

        for (int i = 0; i < 8; i++) {   // more than the pool size: a connection left in a transaction would show
            assertThat(store.write(SOURCE, List.of(bar("AAPL", T0.plusSeconds(60L * i))), List.of()).inserted()).isEqualTo(1);
        }
        assertThat(count("SELECT COUNT(*) FROM bars")).isEqualTo(8);
    }

    /** {@code symbols} symbols x {@code minutes} consecutive minutes from T0 + offset minutes. */
    private static List<Bar> bars(int symbols, int minutes, int offset) {
        List<Bar> out = new ArrayList<>();
        for (int s = 0; s < symbols; s++) {
            for (int m = 0; m < minutes; m++) {
                out.add(bar("SYM" + s, T0.plusSeconds(60L * (offset + m))));
            }
        }
        return out;
    }

    private static Bar bar(String symbol, Instant ts) {
        return new Bar(symbol, ts, 10.0, 10.5, 9.5, 10.25, 1000, 12, 10.1);
    }

    private long count(String sql) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
