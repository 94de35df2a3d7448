package com.marketbars.ingest.backfill;

import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.checkpoint.Fence;
import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.StaleLeaseException;
import com.marketbars.ingest.cluster.LeaseFence;
import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.dlq.ReplayRequest;
import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.support.Plans;
import com.marketbars.ingest.support.SettableClock;
import com.marketbars.ingest.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Specs of the shard fence in the database: a shard's checkpoint advances and DLQ rows carry the take of the shard's
 * lease they were made under, and the statement itself ({@code checkpoint.advance}, {@code dlq.insert}) writes nothing
 * once the shard has another take. Owner A takes the shard, its lease runs out, owner B takes it: A's writes are
 * refused, B's land, and {@link LeaseFence} tells A's refusal - naming B - from an advance that had nothing to move.
 * Each owner is a process of its own (a pool of its own). Run on SQLite and on PostgreSQL by the two subclasses.
 */
abstract class ShardFenceTest {
    private static final String FEED = "alpaca_bars_1min";
    private static final Instant FROM = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-05T00:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final List<String> SYMBOLS = List.of("AAPL", "MSFT");
    private static final String A = "101@host-a";
    private static final String B = "202@host-b";
    private static final Instant DAY1 = FROM.plus(Duration.ofDays(1));
    private static final Instant DAY2 = DAY1.plus(Duration.ofDays(1));

    @TempDir
    Path dir;
    private final SqlDialect dialect;
    private TestDatabase database;
    private final List<Database> opened = new ArrayList<>();
    private final SettableClock clock = new SettableClock("2026-11-28T12:00:00Z");
    private Process a;
    private Process b;
    private long job;
    /** A's take of the job's one shard, made before each spec. */
    private LeasedShard fromA;

    ShardFenceTest(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @BeforeEach
    void aTakesTheShard() {
        database = TestDatabase.migrated(dialect, dir);
        a = new Process();
        b = new Process();
        // one shard: 2 symbols over 3 days
        job = a.queue.submitOrJoin(FEED, FROM, TO, SYMBOLS, WriteMode.INSERT_ONLY, "spec",
                id -> ShardCut.cut(id, Plans.DEFAULT, SYMBOLS, FROM, TO, 100, Duration.ofDays(5)));
        fromA = a.queue.claim(job, A, clock.instant().plus(LEASE)).orElseThrow();
    }

    @AfterEach
    void close() {
        opened.forEach(Database::close);
        if (database != null) {
            database.close();
        }
    }

    /** What one process works with: its pool, and the stores on it. */
    private final class Process {
        final Database db = Database.open(database.url(), 2);
        final BackfillQueue queue = new BackfillQueue(db, clock);
        final CheckpointStore checkpoints = new CheckpointStore(db, clock);
        final DeadLetterStore deadLetters = new DeadLetterStore(db, clock);
        final LeaseFence fence = new LeaseFence(db);

        Process() {
            opened.add(db);
        }

        /** The shard's checkpoint advance to {@code until} under {@code take}'s fence, as the route's step runs it: rows written. */
        int advance(LeasedShard take, Instant until) {
            return db.update("advancing", "checkpoint.advance",
                    checkpoints.advanceParameters(cursorKey(take), SYMBOLS, until, fenceOf(take)));
        }

        /** A DLQ row of the shard's window [FROM, until) under {@code take}'s fence, as the dead-letter route records it: rows written. */
        int deadLetter(LeasedShard take, String symbol, Instant until) {
            return db.update("recording a DLQ row", "dlq.insert", deadLetters.newRow(FEED,
                    new ReplayRequest(cursorKey(take), List.of(symbol), FROM, until), "HTTP 503", 0, until, false, fenceOf(take)));
        }

        /** B (or A again), once A's lease ran out, takes the shard: the next take. */
        LeasedShard takes(String owner) {
            clock.advance(LEASE.plusMillis(1));
            LeasedShard taken = queue.claim(job, owner, clock.instant().plus(LEASE)).orElseThrow();
            assertThat(taken.shard()).as("the same shard").isEqualTo(fromA.shard());
            clock.advance(Duration.ofSeconds(1));   // so that a row written from now on differs in updated_at too
            return taken;
        }
    }

    private static Fence fenceOf(LeasedShard take) {
        return take.fence(() -> null);
    }

    private static String cursorKey(LeasedShard take) {
        return IngestJob.shardKeyPrefix(FEED, take.shard().jobId()) + take.shard().number();
    }

    @Test
    void anOwnerWhoseShardWasTakenAdvancesNoCheckpointAndTheNewOwnerDoes() {
        assertThat(a.advance(fromA, DAY1)).as("A's advance while the shard is A's").isEqualTo(2);
        a.fence.advanced(fenceOf(fromA), 2);

        LeasedShard fromB = b.takes(B);
        List<String> before = checkpointRows(fromA);

        assertThat(a.advance(fromA, DAY2)).as("A's advance after B took the shard").isZero();
        assertThat(checkpointRows(fromA)).as("the checkpoint rows, untouched by A").isEqualTo(before);
        assertThatThrownBy(() -> a.fence.advanced(fenceOf(fromA), 0))
                .isInstanceOf(StaleLeaseException.class)
                .hasMessage("the checkpoint advance under take 1 by " + A + " was refused: shard 1 of backfill job " + job
                        + " is leased to " + B + " now (take 2)");

        assertThat(b.advance(fromB, DAY2)).as("B's advance").isEqualTo(2);
        assertThat(positions(fromB)).containsExactly("AAPL " + DAY2, "MSFT " + DAY2);
        b.fence.advanced(fenceOf(fromB), 2);
        assertThat(b.advance(fromB, DAY2)).as("B's advance again: nothing to move").isZero();
        b.fence.advanced(fenceOf(fromB), 0);   // not stale: the lease is still B's take, so no exception
    }

    @Test
    void anOwnerWhoseShardWasTakenRecordsNoDlqRowAndTheNewOwnerDoes() {
        assertThat(a.deadLetter(fromA, "AAPL", DAY1)).as("A's row while the shard is A's").isOne();

        LeasedShard fromB = b.takes(B);
        assertThat(a.deadLetter(fromA, "MSFT", DAY1)).as("A's row after B took the shard").isZero();
        assertThat(dlqRows()).containsExactly("AAPL");

        assertThat(b.deadLetter(fromB, "MSFT", DAY1)).as("B's row").isOne();
        assertThat(dlqRows()).containsExactly("AAPL", "MSFT");
    }

    @Test
    void theFenceIsTheTakeNotTheOwnerAnOwnersEarlierTakeIsRefusedToo() {
        LeasedShard again = a.takes(A);

        assertThat(a.advance(fromA, DAY1)).as("the earlier take's advance").isZero();
        assertThat(a.deadLetter(fromA, "AAPL", DAY1)).as("the earlier take's DLQ row").isZero();
        assertThat(checkpointRows(fromA)).isEmpty();
        assertThatThrownBy(() -> a.fence.advanced(fenceOf(fromA), 0)).isInstanceOf(StaleLeaseException.class)
                .hasMessageEndingWith("is leased to " + A + " now (take 2)");
        assertThat(a.advance(again, DAY1)).isEqualTo(2);
    }

    @Test
    void anOwnerWhoseShardWasFinishedOrGivenBackByAnotherAdvancesNothing() {
        b.queue.release(b.takes(B));
        assertThat(a.advance(fromA, TO)).isZero();
        assertThatThrownBy(() -> a.fence.advanced(fenceOf(fromA), 0)).hasMessageEndingWith(
                "shard 1 of backfill job " + job + " was given back (pending after take 2)");

        LeasedShard again = b.takes(B);
        b.queue.done(again.shard());
        assertThat(a.advance(fromA, TO)).isZero();
        assertThat(b.advance(again, TO)).as("not even the finishing take's, once done").isZero();
        assertThat(checkpointRows(fromA)).isEmpty();
        assertThatThrownBy(() -> a.fence.advanced(fenceOf(fromA), 0)).hasMessageEndingWith(
                "shard 1 of backfill job " + job + " is done (finished under take 3 by " + B + ")");
    }

    @Test
    void unfencedWorkIsWrittenAsBefore() {
        a.checkpoints.advance(cursorKey(fromA), SYMBOLS, TO);   // a carried-over cursor (EarlierBackfillCursor): no fence
        assertThat(positions(fromA)).containsExactly("AAPL " + TO, "MSFT " + TO);
        a.fence.advanced(null, 0);
    }

    /** "SYMBOL ingested_until updated_at" of each of the shard's cursors (updated_at: a row rewritten differs too). */
    private List<String> checkpointRows(LeasedShard take) {
        try (Connection c = opened.get(0).dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT symbol, ingested_until, updated_at FROM ingest_checkpoint WHERE source = ? ORDER BY symbol")) {
            ps.setString(1, cursorKey(take));
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "SYMBOL ingested_until" of each of the shard's cursors. */
    private List<String> positions(LeasedShard take) {
        return checkpointRows(take).stream().map(row -> row.substring(0, row.lastIndexOf(' '))).toList();
    }

    /** The symbols of the feed's DLQ rows, oldest first. */
    private List<String> dlqRows() {
        return b.deadLetters.list(FEED, false).stream().map(d -> String.join(",", d.request().symbols())).toList();
    }
}
