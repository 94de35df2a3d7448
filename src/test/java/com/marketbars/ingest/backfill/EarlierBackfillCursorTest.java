package com.marketbars.ingest.backfill;

import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An earlier release's backfill cursor carried into a job's shards: each symbol's shard cursor moves to where that
 * backfill had stored its bars, within the shard's range, never back; the earlier cursor is then gone. Real SQLite.
 */
class EarlierBackfillCursorTest {
    static final String FEED = "alpaca_bars_1min";
    static final String EARLIER = FEED + "@backfill:2026-11-23T00:00:00Z/2026-11-25T00:00:00Z";
    static final Instant MON = Instant.parse("2026-11-23T00:00:00Z");
    static final Instant TUE = Instant.parse("2026-11-24T00:00:00Z");
    static final Instant WED = Instant.parse("2026-11-25T00:00:00Z");
    static final List<Shard> SHARDS = List.of(new Shard(7, 1, List.of("AAPL", "MSFT", "NVDA"), MON, TUE),
            new Shard(7, 2, List.of("AAPL", "MSFT", "NVDA"), TUE, WED));

    @TempDir
    Path dir;
    Database db;
    CheckpointStore checkpoints;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"), 2);
        checkpoints = new CheckpointStore(db, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void eachSymbolResumesWhereTheEarlierBackfillHadGotWithinEachShard() {
        Instant tuesdayNoon = Instant.parse("2026-11-24T12:00:00Z");
        checkpoints.advance(EARLIER, List.of("AAPL"), tuesdayNoon);   // Monday and half of Tuesday stored
        checkpoints.advance(EARLIER, List.of("MSFT"), MON);           // started, nothing stored yet
        // NVDA: never reached

        int carried = EarlierBackfillCursor.carryInto(checkpoints, EARLIER, FEED, () -> SHARDS);

        assertThat(carried).isEqualTo(2);
        assertThat(checkpoints.load(FEED + "@backfill-job:7/shard-1")).isEqualTo(Map.of("AAPL", TUE));
        assertThat(checkpoints.load(FEED + "@backfill-job:7/shard-2")).isEqualTo(Map.of("AAPL", tuesdayNoon));
        assertThat(checkpoints.load(EARLIER)).isEmpty();
        assertThat(checkpoints.cursorKeys()).doesNotContain(EARLIER);
    }

    @Test
    void aShardCursorAlreadyFurtherStaysAndWithoutAnEarlierBackfillNothingChanges() {
        Instant tuesdayEvening = Instant.parse("2026-11-24T20:00:00Z");
        checkpoints.advance(FEED + "@backfill-job:7/shard-2", List.of("AAPL"), tuesdayEvening);
        checkpoints.advance(EARLIER, List.of("AAPL"), Instant.parse("2026-11-24T12:00:00Z"));

        assertThat(EarlierBackfillCursor.carryInto(checkpoints, EARLIER, FEED, () -> SHARDS)).isEqualTo(1);
        assertThat(checkpoints.load(FEED + "@backfill-job:7/shard-2")).isEqualTo(Map.of("AAPL", tuesdayEvening));

        assertThat(EarlierBackfillCursor.carryInto(checkpoints, EARLIER, FEED, () -> SHARDS)).isZero();
        assertThat(checkpoints.load(FEED + "@backfill-job:7/shard-1")).isEqualTo(Map.of("AAPL", TUE));
    }
}
