package com.marketbars.ingest.store;

import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.WindowPlanner;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.support.Plans;
import com.marketbars.ingest.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database written by the release before feeds (schema version 5: bars keyed by (symbol, ts), one universe), opened
 * by this one: it keeps its rows and checkpoints, its universe becomes its one feed's, and the feed continues from its
 * checkpoint while another feed's bars of the same symbol and minute sit beside its own.
 */
abstract class FeedsUpgradeTest {
    private static final String FEED = "legacy_bars";
    private static final Instant CHECKPOINT = Instant.parse("2026-11-24T15:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final SqlDialect dialect;

    @TempDir
    Path dir;

    FeedsUpgradeTest(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @Test
    void a_database_of_the_one_feed_release_keeps_its_rows_and_checkpoints_and_continues_without_a_gap() throws Exception {
        try (TestDatabase t = TestDatabase.fresh(dialect, dir)) {
            Flyway.configure().dataSource(t.url(), null, null).locations(dialect.migrationLocation()).target("5").load().migrate();
            try (Connection c = DriverManager.getConnection(t.url()); Statement s = c.createStatement()) {
                // as the release before feeds wrote them
                s.executeUpdate("INSERT INTO bars (symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at) VALUES "
                        + "('AAPL', '2026-11-24T14:58:00Z', 1, 2, 0.5, 1.5, 100, 3, 1.2, '" + FEED + "', '2026-11-24T15:01:00Z'), "
                        + "('AAPL', '2026-11-24T14:59:00Z', 1, 2, 0.5, 1.5, 100, 3, 1.2, '" + FEED + "', '2026-11-24T15:01:00Z'), "
                        + "('MSFT', '2026-11-24T14:59:00Z', 3, 4, 2.5, 3.5, 200, 5, 3.2, '" + FEED + "', '2026-11-24T15:01:00Z')");
                s.executeUpdate("INSERT INTO universe (symbol, added_at) VALUES ('AAPL', '2026-11-01T00:00:00Z'), ('MSFT', '2026-11-01T00:00:00Z')");
                s.executeUpdate("INSERT INTO ingest_checkpoint (source, symbol, ingested_until, updated_at) VALUES "
                        + "('" + FEED + "', 'AAPL', '" + CHECKPOINT + "', '2026-11-24T15:01:00Z'), "
                        + "('" + FEED + "', 'MSFT', '" + CHECKPOINT + "', '2026-11-24T15:01:00Z')");
            }

            try (Database db = Database.open(t.url(), 2, FEED)) {
                Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
                assertThat(db.schemaVersion()).isEqualTo(DatabaseTest.latestVersion(dialect));
                assertThat(new StoreStatus(db, FEED).bars()).isEqualTo(3);
                assertThat(new UniverseStore(db, clock, FEED).load()).containsExactly("AAPL", "MSFT");
                CheckpointStore checkpoints = new CheckpointStore(db, clock);
                assertThat(checkpoints.load(FEED)).isEqualTo(Map.of("AAPL", CHECKPOINT, "MSFT", CHECKPOINT));

                // the feed's next window starts where its checkpoint is: no gap, nothing fetched twice
                IngestJob job = IngestJob.scheduled(FEED, Plans.DEFAULT, List.of("AAPL", "MSFT"), Instant.parse("2026-11-20T00:00:00Z"),
                        WriteMode.INSERT_ONLY);
                IngestWindow next = new WindowPlanner(checkpoints, clock).next(job);
                assertThat(next.start()).isEqualTo(CHECKPOINT);
                assertThat(next.symbols()).containsExactly("AAPL", "MSFT");

                // another feed's bar of the same symbol and minute is a row of its own; the old feed's is untouched
                Bar other = new Bar("AAPL", Instant.parse("2026-11-24T14:59:00Z"), 9, 9, 9, 9, 9, 9, 9);
                BarStore store = new BarStore(db, clock);
                assertThat(store.write("other_feed", WriteMode.UPSERT, List.of(other), List.of()).inserted()).isEqualTo(1);
                assertThat(store.write(FEED, WriteMode.INSERT_ONLY, List.of(other), List.of()).duplicates()).isEqualTo(1);
                assertThat(new StoreStatus(db, "other_feed").bars()).isEqualTo(1);
                assertThat(closeOf(t.url(), FEED, "AAPL", "2026-11-24T14:59:00Z")).isEqualTo(1.5);
                assertThat(closeOf(t.url(), "other_feed", "AAPL", "2026-11-24T14:59:00Z")).isEqualTo(9.0);
            }
        }
    }

    private static double closeOf(String url, String feed, String symbol, String ts) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT close FROM bars WHERE source = '" + feed + "' AND symbol = '" + symbol + "' AND ts = '" + ts + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getDouble(1);
        }
    }
}
