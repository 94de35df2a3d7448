package com.marketbars.ingest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.backfill.BackfillQueue;
import com.marketbars.ingest.backfill.LeasedShard;
import com.marketbars.ingest.backfill.ShardCut;
import com.marketbars.ingest.backfill.ShardWorker;
import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.feeds.Feed;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.support.BarRows;
import com.marketbars.ingest.support.HostileVendor;
import com.marketbars.ingest.support.HostileVendor.Answer;
import com.marketbars.ingest.support.PromptStop;
import com.marketbars.ingest.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backfill worker whose shard is taken by another process stops that shard's work (issue 29, fencing). The worker
 * (the application in this JVM, owner A) works a shard of day windows against a vendor on loopback that holds the
 * first request of the second day; meanwhile process B - whose clock says A's lease ran out - takes the shard. Then:
 * <ul>
 *   <li>A's next lease renewal is refused: A logs one line naming the shard and B, and once the held request is
 *   answered starts no further request - not even the rest of the window it had open - and advances nothing;</li>
 *   <li>with no renewal due (a long lease), the held request is refused by the vendor: A's DLQ row and then its
 *   window's checkpoint advance are refused by the database, and A stops with one line naming B.</li>
 * </ul>
 * Either way the shard stays B's and A stands by (its work call returns, no shard finished). Run on SQLite and on
 * PostgreSQL by the two subclasses.
 */
@Timeout(120)
abstract class ShardFenceEndToEndTest {
    private static final String FEED = "alpaca_bars_1min";
    private static final Instant DAY1 = Instant.parse("2026-11-16T00:00:00Z");
    private static final Instant DAY2 = DAY1.plus(Duration.ofDays(1));
    private static final Instant DAY3 = DAY2.plus(Duration.ofDays(1));
    private static final String B = "4242@host-b";

    @TempDir
    Path dir;
    private final SqlDialect dialect;
    private TestDatabase database;
    private HostileVendor vendor;
    private IngestRuntime a;
    private Database processB;
    /** Answers the first request of DAY2 once released; the spec learns it is waiting from {@link #day2Asked}. */
    private final CountDownLatch day2Asked = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Answer day2Answer;
    /** What the shard worker logs at WARN and above. */
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            if (e.getLevel().isGreaterOrEqual(Level.WARN)) {
                warnings.add(e.getFormattedMessage());
            }
        }
    };

    ShardFenceEndToEndTest(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @BeforeEach
    void start() throws Exception {
        database = TestDatabase.migrated(dialect, dir);
        vendor = HostileVendor.start(q -> {
            Instant start = Instant.parse(q.get("start"));
            if (start.equals(DAY2) && day2Asked.getCount() > 0) {
                day2Asked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return day2Answer;
            }
            return Answer.json(page(q.get("symbols"), start));
        });
        appender.start();
        ((Logger) LoggerFactory.getLogger(ShardWorker.class)).addAppender(appender);
    }

    @AfterEach
    void stop() {
        release.countDown();
        ((Logger) LoggerFactory.getLogger(ShardWorker.class)).detachAppender(appender);
        if (a != null) {
            a.stop();
        }
        if (processB != null) {
            processB.close();
        }
        if (vendor != null) {
            vendor.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aWorkerWhoseRenewalIsRefusedStartsNoFurtherRequestOfTheShardAndAdvancesNothing() throws Exception {
        day2Answer = Answer.json(page("AAA", DAY2));
        // two batches a window, one at a time: when DAY2's first is held, its second waits for the batch slot
        long job = startA("AAA,AAB", "PT5S", DAY3.plus(Duration.ofDays(1)));
        CompletableFuture<Integer> finished = CompletableFuture.supplyAsync(() -> worker().workAvailable(job));
        assertThat(day2Asked.await(60, TimeUnit.SECONDS)).as("A asks for the second day").isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> positions(job).equals(List.of("AAA " + DAY2, "AAB " + DAY2)));

        LeasedShard takenByB = takeAsB(job);
        List<String> before = checkpointRows(job);
        // A's next renewal (every third of its 5-s lease) is refused: one line, naming the shard and B
        String line = "shard 1 of backfill job " + job;
        await().atMost(Duration.ofSeconds(15)).until(() -> !warnings.isEmpty());
        release.countDown();

        assertThat(finished.get(60, TimeUnit.SECONDS)).as("shards A finished").isZero();
        assertThat(warnings).singleElement().asString()
                .startsWith(line + " (")
                .endsWith(" stopped: the renewal of its lease under take 1 by " + worker().owner() + " was refused: " + line
                        + " is leased to " + B + " now (take 2); standing by for other shards");
        assertThat(requests()).as("A's requests: none after the take but the one in flight - not DAY2's other batch, not DAY3")
                .containsExactly("AAA " + DAY1, "AAB " + DAY1, "AAA " + DAY2);
        assertThat(checkpointRows(job)).as("the shard's checkpoints").isEqualTo(before);
        assertThat(bars()).as("the page in flight was written (idempotently); its window is not checkpointed")
                .contains("AAA " + DAY2.plus(Duration.ofMinutes(14 * 60 + 30)));
        assertThat(shardRow(job)).isEqualTo("leased " + B + " take " + takenByB.take());
    }

    @Test
    void aWorkerWhoseDlqRowAndAdvanceAreRefusedStopsWithOneLine() throws Exception {
        byte[] refusal = "{\"message\":\"invalid symbol: AAA\"}".getBytes(StandardCharsets.UTF_8);
        day2Answer = new Answer(400, Map.of(), refusal.length, out -> out.write(refusal));
        // no renewal falls within the spec (a third of an hour): the database's refusals alone stop A
        long job = startA("AAA", "PT1H", DAY3);
        CompletableFuture<Integer> finished = CompletableFuture.supplyAsync(() -> worker().workAvailable(job));
        assertThat(day2Asked.await(60, TimeUnit.SECONDS)).as("A asks for the second day").isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> positions(job).equals(List.of("AAA " + DAY2)));

        LeasedShard takenByB = takeAsB(job);
        List<String> before = checkpointRows(job);
        release.countDown();   // the vendor refuses AAA's second day: a DLQ row, then the window's advance

        assertThat(finished.get(60, TimeUnit.SECONDS)).as("shards A finished").isZero();
        String line = "shard 1 of backfill job " + job;
        assertThat(warnings).singleElement().asString()
                .startsWith(line + " (")
                .endsWith(" stopped: the checkpoint advance under take 1 by " + worker().owner() + " was refused: " + line
                        + " is leased to " + B + " now (take 2); standing by for other shards");
        assertThat(dlqRows()).as("A's DLQ row of the refused day").isZero();
        assertThat(checkpointRows(job)).as("the shard's checkpoints").isEqualTo(before);
        assertThat(requests()).containsExactly("AAA " + DAY1, "AAA " + DAY2);
        assertThat(shardRow(job)).isEqualTo("leased " + B + " take " + takenByB.take());
    }

    // ---- the two processes ----------------------------------------------------------------------------------

    /** Starts A (no schedule: the spec calls the worker) and submits a job of one shard over [DAY1, to) of {@code universe}. */
    private long startA(String universe, String lease, Instant to) throws Exception {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("ingest.db.url", database.url());
        s.put("ingest.vendor.url", vendor.baseUrl());
        s.put("ingest.universe", universe);
        s.put("ingest.batch.symbols", "1");
        s.put("ingest.concurrency", "1");
        s.put("ingest.fetch-ahead", "1");
        s.put("ingest.closed-days", "ask");
        s.put("ingest.account.quota", "none");
        s.put("ingest.scheduler.enabled", "false");
        s.put("ingest.backfill.lease", lease);
        s.put("camel.main.jmx-enabled", "false");
        a = IngestRuntime.start(null, PromptStop.addTo(s));
        Feed feed = a.bean("Feeds", Feeds.class).chosen(FEED);
        List<String> symbols = List.of(universe.split(","));
        return a.bean("BackfillQueue", BackfillQueue.class).submitOrJoin(FEED, DAY1, to, symbols, WriteMode.INSERT_ONLY, "spec",
                id -> ShardCut.cut(id, feed.settings().plan(), symbols, DAY1, to, 1000, Duration.ofDays(10)));
    }

    private ShardWorker worker() {
        return a.bean("ShardWorker", ShardWorker.class);
    }

    /** Process B, whose clock is two hours ahead - A's lease ran out for it - takes the shard. */
    private LeasedShard takeAsB(long job) {
        processB = Database.open(database.url(), 2);
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
        LeasedShard taken = new BackfillQueue(processB, later).claim(job, B, later.instant().plus(Duration.ofHours(1))).orElseThrow();
        assertThat(taken.shard().number()).as("B took A's shard").isEqualTo(1);
        return taken;
    }

    // ---- what the spec reads --------------------------------------------------------------------------------

    /** "SYMBOL start" of every bars request A sent, in order. */
    private List<String> requests() {
        return vendor.requests().stream().map(q -> q.get("symbols") + " " + q.get("start")).toList();
    }

    private static String page(String symbol, Instant day) {
        String t = day.plus(Duration.ofMinutes(14 * 60 + 30)).toString();
        return "{\"bars\":{\"" + symbol + "\":[{\"t\":\"" + t + "\",\"o\":10.0,\"h\":10.5,\"l\":9.9,\"c\":10.2,\"v\":100}]},"
                + "\"next_page_token\":null}";
    }

    /** "SYMBOL ingested_until updated_at" of each of the shard's cursors (updated_at: a row rewritten differs too). */
    private List<String> checkpointRows(long job) throws SQLException {
        return query("SELECT symbol, ingested_until, updated_at FROM ingest_checkpoint WHERE source = ? ORDER BY symbol",
                ps -> ps.setString(1, IngestJob.shardKeyPrefix(FEED, job) + 1));
    }

    /** "SYMBOL ingested_until" of each of the shard's cursors. */
    private List<String> positions(long job) throws SQLException {
        return query("SELECT symbol, ingested_until FROM ingest_checkpoint WHERE source = ? ORDER BY symbol",
                ps -> ps.setString(1, IngestJob.shardKeyPrefix(FEED, job) + 1));
    }

    /** "SYMBOL ts" of the stored bars. */
    private List<String> bars() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = a.bean("Database", Database.class).dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT symbol, ts FROM bars ORDER BY symbol, ts");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + BarRows.instant(rs, 2));
            }
        }
        return out;
    }

    private int dlqRows() throws SQLException {
        return query("SELECT id FROM ingest_dlq", ps -> { }).size();
    }

    /** "STATE OWNER take ATTEMPTS" of the job's one shard. */
    private String shardRow(long job) throws SQLException {
        return query("SELECT state, lease_owner, 'take', attempts FROM backfill_shard WHERE job_id = ?", ps -> ps.setLong(1, job)).get(0);
    }

    private interface Parameters {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Each row's columns, joined by spaces. */
    private List<String> query(String sql, Parameters parameters) throws SQLException {
        try (Connection c = a.bean("Database", Database.class).dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            parameters.bind(ps);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(String.join(" ", row));
                }
            }
            return out;
        }
    }
}
