package com.marketbars.ingest.store;

import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.model.QualityRule;
import com.marketbars.ingest.model.Rejection;
import com.marketbars.ingest.support.OpenedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Specs of {@link StoreStatus}, run on both stores by StoreStatusSqliteTest and StoreStatusPostgresTest. */
abstract class StoreStatusTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T15:00:00Z"), ZoneOffset.UTC);
    private static final Instant T0 = Instant.parse("2026-11-24T14:30:00Z");

    private final SqlDialect dialect;

    @TempDir
    Path dir;

    private OpenedDatabase opened;

    private Database db;
    private StoreStatus status;

    StoreStatusTest(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @BeforeEach
    void open() {
        opened = OpenedDatabase.open(dialect, dir, 4);
        db = opened.db();
        status = new StoreStatus(db, "src");
    }

    @AfterEach
    void close() {
        if (opened != null) {   // null when the test was skipped (no PostgreSQL server outside CI)
            opened.close();
        }
    }

    @Test
    void an_empty_database_reports_zeros() {
        assertThat(status.bars()).isZero();
        assertThat(status.quarantinedByRule()).isEmpty();
    }

    @Test
    void bars_counts_the_rows_in_bars() {
        new BarStore(db, CLOCK).write("src", List.of(bar("AAPL", T0), bar("AAPL", T0.plusSeconds(60)), bar("MSFT", T0)), List.of());

        assertThat(status.bars()).isEqualTo(3);
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)   // a walk of the symbols that never ends (>= for >) fails here, not the build
    void bars_since_counts_the_feeds_bars_at_or_after_the_instant_in_every_symbol_and_no_other_feeds() {
        Instant today = Instant.parse("2026-11-24T00:00:00Z");
        BarStore store = new BarStore(db, CLOCK);
        // symbols with bars before, at, and only after the bound, one with none since; another feed's beside them
        store.write("src", List.of(bar("AAPL", today.minusSeconds(60)), bar("AAPL", today), bar("AAPL", T0),
                bar("MSFT", T0), bar("MSFT", T0.plusSeconds(60)), bar("OLD", today.minusSeconds(86_400)),
                bar("ZZZZ", T0), bar("aapl", T0)), List.of());
        store.write("other", List.of(bar("AAPL", T0.plusSeconds(120)), bar("BBB", T0), bar("NVDA", T0)), List.of());

        assertThat(status.barsSince(today)).isEqualTo(6);
        assertThat(status.barsSince(T0.plusSeconds(60))).isEqualTo(1);
        assertThat(status.barsSince(T0.plusSeconds(3_600))).isZero();
        assertThat(new StoreStatus(db, "other").barsSince(today)).isEqualTo(3);
        assertThat(new StoreStatus(db, "nothing").barsSince(today)).isZero();
    }

    @Test
    void quarantined_bars_are_counted_per_rule_in_rule_order() {
        new BarStore(db, CLOCK).write("src", List.of(), List.of(
                rejection("{\"a\":1}", QualityRule.PRICE_RANGE),
                rejection("{\"a\":2}", QualityRule.PRICE_RANGE),
                rejection("{\"a\":3}", QualityRule.NEGATIVE_VOLUME),
                rejection("{\"a\":4}", QualityRule.BAD_TIMESTAMP)));

        assertThat(status.quarantinedByRule())
                .containsExactly(entry("BAD_TIMESTAMP", 1L), entry("NEGATIVE_VOLUME", 1L), entry("PRICE_RANGE", 2L));
    }

    private static Rejection rejection(String raw, QualityRule rule) {
        return new Rejection("AAPL", null, raw, rule, null);
    }

    private static Bar bar(String symbol, Instant ts) {
        return new Bar(symbol, ts, 10.0, 10.5, 9.5, 10.25, 1000, 12, 10.1);
    }
}
