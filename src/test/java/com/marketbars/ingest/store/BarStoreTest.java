package com.marketbars.ingest.store;

import com.marketbars.ingest.errors.StoreException;
import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.model.WriteResult;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.support.BarRows;
import com.marketbars.ingest.model.QualityRule;
import com.marketbars.ingest.model.Rejection;
import com.marketbars.ingest.support.OpenedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Specs of {@link BarStore}, run on both stores by BarStoreSqliteTest (its multi-row statements) and BarStorePostgresTest
 * (its COPY write), and in JDBC batches by BarStoreSqliteBatchesTest and BarStorePostgresBatchesTest (the way a page
 * whose keys repeat still goes on PostgreSQL, and every way's baseline).
 */
abstract class BarStoreTest {

    private static final String SOURCE = "alpaca_bars_1min";
    private static final Instant T0 = Instant.parse("2026-11-24T14:30:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T15:00:00.789Z"), ZoneOffset.UTC);
    /** An hour later: a row written by {@link #later} shows it in ingested_at, a row left alone does not. */
    private static final Clock LATER = Clock.offset(CLOCK, Duration.ofHours(1));

    private final SqlDialect dialect;
    private final BiFunction<Database, Clock, BarStore> stores;

    @TempDir
    Path dir;

    private OpenedDatabase opened;

    private Database db;
    private BarStore store;
    private BarStore later;

    BarStoreTest(SqlDialect dialect) {
        this(dialect, BarStore::new);
    }

    BarStoreTest(SqlDialect dialect, BiFunction<Database, Clock, BarStore> stores) {
        this.dialect = dialect;
        this.stores = stores;
    }

    @BeforeEach
    void open() {
        opened = OpenedDatabase.open(dialect, dir, 4);
        db = opened.db();
        store = stores.apply(db, CLOCK);
        later = stores.apply(db, LATER);
    }

    @AfterEach
    void close() {
        if (opened != null) {   // null when the test was skipped (no PostgreSQL server outside CI)
            opened.close();
        }
    }

    @Test
    void writing_new_bars_reports_every_row_as_inserted() {
        WriteResult r = store.write(SOURCE, bars(5, 500, 0), List.of());

        assertThat(r).isEqualTo(new WriteResult(2500, 0, 0, 0));
        assertThat(count("SELECT COUNT(*) FROM bars")).isEqualTo(2500);
    }

    @Test
    void writing_the_same_bars_again_adds_nothing_and_reports_them_as_duplicates() {
        List<Bar> page = bars(5, 500, 0);
        store.write(SOURCE, page, List.of());

        WriteResult again = store.write(SOURCE, page, List.of());

        assertThat(again).isEqualTo(new WriteResult(0, 0, 2500, 0));
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
            assertThat(BarRows.instant(rs, rs.findColumn("ts"))).as("a timestamptz on PostgreSQL, ISO text on SQLite").isEqualTo(T0);
            assertThat(rs.getDouble("open")).isEqualTo(231.17);
            assertThat(rs.getDouble("high")).isEqualTo(231.9999999);
            assertThat(rs.getDouble("low")).isEqualTo(0.1 + 0.2);
            assertThat(rs.getDouble("close")).isEqualTo(1e-9);
            assertThat(rs.getString("volume")).isEqualTo("9007199254740993");
            assertThat(rs.getLong("trade_count")).isEqualTo(42);
            assertThat(rs.getDouble("vwap")).isEqualTo(231.123456789012);
            assertThat(rs.getString("source")).isEqualTo(SOURCE);
            assertThat(BarRows.instant(rs, rs.findColumn("ingested_at"))).isEqualTo(Instant.parse("2026-11-24T15:00:00Z"));
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void volumes_of_every_shape_and_absent_fields_round_trip_exactly_in_both_modes() throws SQLException {
        // a volume is a quantity: whole (beyond 2^53 and 2^63 too), fractional to many decimals (crypto), or long enough
        // that no double holds it; an absent trade count or VWAP is stored as NULL, never as 0
        String[] volumes = {"0", "1", "9999", "10000", "100000000", "0.0345", "12.5", "0.000000001", "12345678.123456789",
            "9007199254740993", "9223372036854775807", "9223372036854775808", "1000000000000000000000000000000",
            "123.4567890123456789012345", "1234567890.12345678"};
        List<Bar> page = new ArrayList<>();
        for (int i = 0; i < volumes.length; i++) {
            page.add(new Bar("BTC/USD", T0.plusSeconds(60L * i), 1, 1, 1, 1, new java.math.BigDecimal(volumes[i]),
                    i % 3 == 0 ? null : (long) i, i % 2 == 0 ? null : 1.0 + i));
        }
        assertThat(store.write(SOURCE, page, List.of())).isEqualTo(new WriteResult(page.size(), 0, 0, 0));
        assertThat(stored()).containsExactlyElementsOf(page);
        assertThat(stored()).extracting(b -> b.volume().toPlainString()).containsExactly(volumes);
        assertThat(count("SELECT COUNT(*) FROM bars WHERE trade_count IS NULL")).isEqualTo(5);
        assertThat(count("SELECT COUNT(*) FROM bars WHERE vwap IS NULL")).isEqualTo(8);

        // the same values again are the same values: not revised, in upsert mode either
        assertThat(store.write(SOURCE, WriteMode.UPSERT, page, List.of())).isEqualTo(new WriteResult(0, 0, page.size(), 0));
        // a value appearing where it was absent, or going, is a revision
        List<Bar> revised = new ArrayList<>(page);
        Bar first = page.get(0);
        Bar second = page.get(1);
        revised.set(0, new Bar(first.symbol(), first.ts(), 1, 1, 1, 1, first.volume(), 7L, 1.5));
        revised.set(1, new Bar(second.symbol(), second.ts(), 1, 1, 1, 1, second.volume(), null, null));
        assertThat(store.write(SOURCE, WriteMode.UPSERT, revised, List.of())).isEqualTo(new WriteResult(0, 2, page.size() - 2, 0));
        assertThat(stored()).containsExactlyElementsOf(revised);
    }

    @Test
    void rejections_are_quarantined_in_the_same_call() throws SQLException {
        Rejection r = new Rejection("MSFT", "2026-11-24T14:31:00Z", "{\"t\":\"2026-11-24T14:31:00Z\",\"o\":\"NaN\"}",
                QualityRule.NOT_A_NUMBER, "o is NaN");

        WriteResult result = store.write(SOURCE, bars(1, 3, 0), List.of(r));

        assertThat(result).isEqualTo(new WriteResult(3, 0, 0, 1));
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
    void a_rejection_whose_vendor_text_holds_a_nul_character_is_quarantined_with_the_rest_of_its_page() throws SQLException {
        // Jackson decodes JSON's escape for NUL in a key or a string; PostgreSQL text cannot hold a NUL and would
        // refuse the whole page, every time it is re-read. The raw bar is JSON, where Jackson escapes it again.
        Rejection r = new Rejection("AA\u0000PL", "2026-11-24\u0000", "{\"t\":\"2026-11-24\\u0000\"}",
                QualityRule.BAD_TIMESTAMP, "2026-11-24\u0000");

        WriteResult result = store.write(SOURCE, bars(1, 3, 0), List.of(r));

        assertThat(result).isEqualTo(new WriteResult(3, 0, 0, 1));
        try (Connection c = db.dataSource().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT symbol, ts, raw_bar, detail FROM data_quality")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("symbol")).isEqualTo("AA\\u0000PL");
            assertThat(rs.getString("ts")).isEqualTo("2026-11-24\\u0000");
            assertThat(rs.getString("raw_bar")).isEqualTo(r.rawBar());
            assertThat(rs.getString("detail")).isEqualTo("2026-11-24\\u0000");
        }
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

    @Test
    void a_page_whose_first_and_last_bars_are_new_but_some_between_are_stored_counts_each_exactly() throws SQLException {
        // on PostgreSQL the page is first copied straight into bars, which fails on the stored ones and is rolled back
        List<Bar> page = bars(3, 100, 0);
        store.write(SOURCE, page.subList(150, 160), List.of());
        Bar stored = page.get(155);
        page.set(155, new Bar(stored.symbol(), stored.ts(), 1, 1, 1, 1, 1, 1, 1));

        WriteResult insertOnly = store.write(SOURCE, page, List.of(new Rejection("MSFT", null, "{}", QualityRule.MISSING_FIELD, null)));

        assertThat(insertOnly).isEqualTo(new WriteResult(290, 0, 10, 1));
        assertThat(count("SELECT COUNT(*) FROM bars")).isEqualTo(300);
        assertThat(count("SELECT COUNT(*) FROM bars WHERE close = 1")).as("a stored bar is kept").isZero();
        assertThat(count("SELECT COUNT(*) FROM data_quality")).isEqualTo(1);

        List<Bar> more = bars(3, 120, 0);
        more.set(5, new Bar(more.get(5).symbol(), more.get(5).ts(), 1, 1, 1, 1, 1, 1, 1));
        assertThat(later.write(SOURCE, WriteMode.UPSERT, more.subList(0, 110), List.of()))
                .isEqualTo(new WriteResult(10, 1, 99, 0));
    }

    @Test
    void symbols_with_characters_that_need_escaping_round_trip_exactly_in_both_modes() throws SQLException {
        List<String> symbols = List.of("BTC/USD", "BRK.B", "tab\there", "back\\slash", "new\nline", "carriage\rreturn",
                "\\N", "comma,semi;colon", "quote\"and'apostrophe", "pipe|and space", "ünïcødé€", "emoji\uD83D\uDE00", "");
        List<Bar> page = new ArrayList<>();
        for (String symbol : symbols) {
            page.add(bar(symbol, T0));
        }
        page.sort(java.util.Comparator.comparing(Bar::symbol));

        assertThat(store.write(SOURCE, page, List.of())).isEqualTo(new WriteResult(symbols.size(), 0, 0, 0));
        assertThat(stored()).containsExactlyElementsOf(page);
        assertThat(store.write(SOURCE, page, List.of())).isEqualTo(new WriteResult(0, 0, symbols.size(), 0));

        List<Bar> revised = new ArrayList<>();
        for (Bar b : page) {
            revised.add(new Bar(b.symbol(), b.ts(), b.open(), b.high(), b.low(), b.close() + 0.25, b.volume(), b.tradeCount(), b.vwap()));
        }
        assertThat(later.write(SOURCE, WriteMode.UPSERT, revised, List.of())).isEqualTo(new WriteResult(0, symbols.size(), 0, 0));
        assertThat(stored()).containsExactlyElementsOf(revised);
        assertThat(store.write("feed\twith\\odd name", page, List.of())).isEqualTo(new WriteResult(symbols.size(), 0, 0, 0));
        assertThat(new StoreStatus(db, "feed\twith\\odd name").bars()).isEqualTo(symbols.size());
    }

    @Test
    void a_page_holding_the_same_bar_twice_counts_the_second_as_written_after_the_first() throws SQLException {
        // the quality gate quarantines a second bar of a minute (DUPLICATE_IN_RESPONSE); a direct caller gets the
        // counts of writing the page bar by bar, in order
        Bar first = bar("AAPL", T0);
        Bar same = bar("AAPL", T0);
        Bar other = new Bar("AAPL", T0, 5, 5.25, 4.75, 5.125, 2000, 12, 5.05);
        Bar next = bar("AAPL", T0.plusSeconds(60));

        assertThat(store.write(SOURCE, List.of(first, next, other), List.of())).isEqualTo(new WriteResult(2, 0, 1, 0));
        assertThat(stored()).containsExactly(first, next);
        assertThat(store.write(SOURCE, WriteMode.UPSERT, List.of(next, first, same), List.of())).isEqualTo(new WriteResult(0, 0, 3, 0));
        assertThat(later.write(SOURCE, WriteMode.UPSERT, List.of(other, first, bar("MSFT", T0), other), List.of()))
                .isEqualTo(new WriteResult(1, 3, 0, 0));
        assertThat(stored()).containsExactly(other, next, bar("MSFT", T0));
    }

    @Test
    void a_failure_after_the_bars_are_written_rolls_the_page_back_with_its_quarantine() {
        Rejection broken = new Rejection("MSFT", null, "{}", null, null);   // no rule: quarantining it throws

        assertThatThrownBy(() -> store.write(SOURCE, bars(2, 600, 0),
                List.of(new Rejection("MSFT", null, "{\"o\":1}", QualityRule.MISSING_FIELD, null), broken)))
                .isInstanceOf(NullPointerException.class);

        assertThat(count("SELECT COUNT(*) FROM bars")).isZero();
        assertThat(count("SELECT COUNT(*) FROM data_quality")).isZero();
        assertThat(store.write(SOURCE, bars(2, 600, 0), List.of()).inserted()).as("the same page again").isEqualTo(1_200);
    }

    @Test
    void a_failing_page_whose_first_bar_is_stored_rolls_back_whole_in_both_modes() {
        store.write(SOURCE, bars(1, 10, 0), List.of());
        for (WriteMode mode : WriteMode.values()) {
            List<Bar> page = new ArrayList<>(bars(3, 600, 0));       // starts with the stored bars
            page.add(1_000, new Bar(null, T0, 1, 2, 0.5, 1.5, 10, 1, 1.2));
            Rejection r = new Rejection("MSFT", null, "{}", QualityRule.MISSING_FIELD, null);

            assertThatThrownBy(() -> later.write(SOURCE, mode, page, List.of(r)))
                    .isInstanceOf(StoreException.class)
                    .hasCauseInstanceOf(SQLException.class);

            assertThat(count("SELECT COUNT(*) FROM bars")).as(mode.label()).isEqualTo(10);
            assertThat(count("SELECT COUNT(*) FROM bars WHERE ingested_at <> '2026-11-24T15:00:00Z'")).isZero();
            assertThat(count("SELECT COUNT(*) FROM data_quality")).isZero();
        }
    }

    // ---- upsert mode -----------------------------------------------------------------------------------------

    @Test
    void upsert_writes_bars_not_yet_stored_as_new() {
        WriteResult r = store.write(SOURCE, WriteMode.UPSERT, bars(2, 50, 0), List.of());

        assertThat(r).isEqualTo(new WriteResult(100, 0, 0, 0));
        assertThat(count("SELECT COUNT(*) FROM bars")).isEqualTo(100);
    }

    @Test
    void upsert_leaves_an_identical_bar_alone_without_rewriting_it() {
        List<Bar> page = bars(2, 50, 0);
        store.write(SOURCE, page, List.of());

        WriteResult again = later.write(SOURCE, WriteMode.UPSERT, page, List.of());

        assertThat(again).isEqualTo(new WriteResult(0, 0, 100, 0));
        assertThat(count("SELECT COUNT(*) FROM bars WHERE ingested_at = '2026-11-24T15:00:00Z'"))
                .as("rows untouched: still stamped with the first write's time").isEqualTo(100);
    }

    @Test
    void upsert_replaces_a_revised_bar_once_and_rereading_the_revision_changes_nothing() throws SQLException {
        List<Bar> original = bars(1, 10, 0);
        store.write(SOURCE, original, List.of());
        List<Bar> revision = new ArrayList<>(original);
        for (int i : new int[] {2, 5, 7}) {   // a split adjustment of three bars: every price halved
            Bar b = original.get(i);
            revision.set(i, new Bar(b.symbol(), b.ts(), b.open() / 2, b.high() / 2, b.low() / 2, b.close() / 2,
                    b.volume().multiply(java.math.BigDecimal.valueOf(2)), b.tradeCount(), b.vwap() / 2));
        }

        WriteResult first = later.write(SOURCE, WriteMode.UPSERT, revision, List.of());
        WriteResult second = later.write(SOURCE, WriteMode.UPSERT, revision, List.of());

        assertThat(first).isEqualTo(new WriteResult(0, 3, 7, 0));
        assertThat(second).isEqualTo(new WriteResult(0, 0, 10, 0));
        assertThat(stored()).containsExactlyElementsOf(revision);
        assertThat(count("SELECT COUNT(*) FROM bars WHERE ingested_at = '2026-11-24T16:00:00Z'"))
                .as("only the revised rows were rewritten").isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"open", "high", "low", "close", "volume", "trade_count", "vwap"})
    void upsert_counts_a_change_in_any_single_value_as_a_revision(String field) throws SQLException {
        Bar b = bar("AAPL", T0);
        store.write(SOURCE, List.of(b), List.of());
        Bar changed = new Bar(b.symbol(), b.ts(),
                b.open() + (field.equals("open") ? 0.01 : 0),
                b.high() + (field.equals("high") ? 0.01 : 0),
                b.low() - (field.equals("low") ? 0.01 : 0),
                b.close() + (field.equals("close") ? 0.01 : 0),
                b.volume().add(field.equals("volume") ? java.math.BigDecimal.ONE : java.math.BigDecimal.ZERO),
                b.tradeCount() + (field.equals("trade_count") ? 1 : 0),
                b.vwap() + (field.equals("vwap") ? 0.0001 : 0));

        WriteResult r = store.write(SOURCE, WriteMode.UPSERT, List.of(changed), List.of());

        assertThat(r).isEqualTo(new WriteResult(0, 1, 0, 0));
        assertThat(stored()).containsExactly(changed);
    }

    @Test
    void upsert_counts_new_revised_and_identical_bars_of_one_large_page_each_exactly() throws SQLException {
        // 2,500 bars span three JDBC batches, so the counts of each batch must land on the right bars
        List<Bar> page = bars(5, 500, 0);
        store.write(SOURCE, page.subList(0, 1_800), List.of());
        List<Bar> revision = new ArrayList<>(page);
        int revised = 0;
        for (int i = 0; i < 1_800; i += 7) {
            Bar b = page.get(i);
            revision.set(i, new Bar(b.symbol(), b.ts(), b.open(), b.high(), b.low(), b.close(), b.volume().add(java.math.BigDecimal.valueOf(100)),
                    b.tradeCount() + 1, b.vwap()));
            revised++;
        }

        WriteResult r = later.write(SOURCE, WriteMode.UPSERT, revision, List.of());

        assertThat(r).isEqualTo(new WriteResult(700, revised, 1_800 - revised, 0));
        assertThat(stored()).containsExactlyInAnyOrderElementsOf(revision);
    }

    @Test
    void pages_of_stored_repeated_and_revised_bars_of_any_length_count_as_written_bar_by_bar() throws SQLException {
        // pages of 1 to 1,001 bars over few keys and few values, so that stored bars, repeats within a page and
        // revisions fall on both sides of every statement's or batch's boundary; the model writes them bar by bar
        java.util.SplittableRandom random = new java.util.SplittableRandom(15);
        java.util.Map<String, Bar> model = new java.util.HashMap<>();
        int page = 0;
        for (int size : new int[] {1, 99, 100, 101, 250, 1_001, 300, 199, 100, 777}) {
            WriteMode mode = page++ % 2 == 0 ? WriteMode.INSERT_ONLY : WriteMode.UPSERT;
            List<Bar> bars = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Bar b = bar("SYM" + random.nextInt(4), T0.plusSeconds(60L * random.nextInt(400)));
                bars.add(random.nextInt(3) == 0 ? b : new Bar(b.symbol(), b.ts(), b.open(), b.high(), b.low(),
                        b.close() + 0.25 * random.nextInt(2), b.volume(), b.tradeCount() + random.nextInt(2), b.vwap()));
            }
            long inserted = 0;
            long revised = 0;
            List<Bar> met = new ArrayList<>();
            for (Bar b : bars) {
                if (model.putIfAbsent(b.symbol() + b.ts(), b) == null) {
                    inserted++;
                } else {
                    met.add(b);
                }
            }
            for (Bar b : mode == WriteMode.UPSERT ? met : List.<Bar>of()) {
                if (!model.put(b.symbol() + b.ts(), b).equals(b)) {
                    revised++;
                }
            }

            assertThat(store.write(SOURCE, mode, bars, List.of())).as("page of %d bars, %s", size, mode.label())
                    .isEqualTo(new WriteResult(inserted, revised, size - inserted - revised, 0));
        }
        assertThat(stored()).containsExactlyInAnyOrderElementsOf(model.values());
    }

    @Test
    void insert_only_keeps_a_stored_bar_even_when_the_vendor_sends_other_values() throws SQLException {
        Bar b = bar("AAPL", T0);
        store.write(SOURCE, List.of(b), List.of());
        Bar adjusted = new Bar(b.symbol(), b.ts(), 5, 5.25, 4.75, 5.125, 2000, 12, 5.05);

        WriteResult r = later.write(SOURCE, WriteMode.INSERT_ONLY, List.of(adjusted), List.of());

        assertThat(r).isEqualTo(new WriteResult(0, 0, 1, 0));
        assertThat(stored()).containsExactly(b);
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

    /** Every row of bars, in (symbol, ts) order. */
    private List<Bar> stored() throws SQLException {
        List<Bar> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT symbol, ts, open, high, low, close, volume, trade_count, vwap FROM bars ORDER BY symbol, ts")) {
            while (rs.next()) {
                out.add(BarRows.read(rs));
            }
        }
        return out;
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
