package com.marketbars.ingest;

import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorEndpoint;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.support.Checkpoints;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.ChildJvms;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import com.marketbars.ingest.support.RealTimeBounds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two daemons of one deployment of two feeds on one PostgreSQL database: each leads one feed, and killing one with
 * {@code kill -9} moves its feed to the other, which keeps both feeds exact. Who leads what is read from the lease
 * table, which names each feed's holder.
 */
@RealTimeBounds
class FeedsSpreadPostgresTest {
    static final Path LOGS = Path.of("target", "feeds-spread-test-logs");
    static final String STOCKS = "stocks_1min";
    static final String CRYPTO = "crypto_1min";
    static final List<String> FEEDS = List.of(STOCKS, CRYPTO);
    static final List<String> SYMBOLS = GroundTruth.symbols(10);
    static final List<String> PAIRS = GroundTruth.cryptoPairs(3);
    /** Two days back: a short catch-up, then a window every few seconds. */
    static final Instant START = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));

    @TempDir
    Path dir;
    IngestFixture fixture;
    final ChildJvms processes = new ChildJvms();
    /**
     * The polls' one connection: they read the lease table and the checkpoints every 100 ms for up to a minute and a
     * half, and a connection each cost about half of this JVM's CPU in the spec (~1.5 s of ~3).
     */
    Connection db;
    volatile boolean leaseTableMade;

    @BeforeEach
    void start() throws Exception {
        fixture = IngestFixture.start(SqlDialect.POSTGRESQL, dir, new SimulatorSettings(), SYMBOLS);
        db = DriverManager.getConnection(fixture.dbUrl);
    }

    @AfterEach
    void stop() throws Exception {
        processes.close();
        if (db != null) {
            db.close();
        }
        if (fixture != null) {   // null when skipped: no PostgreSQL server outside CI
            fixture.close();
        }
    }

    @Test
    void eachOfTwoInstancesLeadsOneFeedAndAKilledInstancesFeedMovesToTheOther() throws Exception {
        Process first = daemon("first");
        await().atMost(Duration.ofSeconds(60)).until(() -> leaders().equals(Map.of(STOCKS, first.pid(), CRYPTO, first.pid())));

        Process second = daemon("second");
        // the first hands one feed over once its catch-up has ended; then it stays so
        await().atMost(Duration.ofSeconds(60)).until(() -> oneEach(first, second));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).until(() -> oneEach(first, second));
        String movedFeed = leaders().get(STOCKS) == first.pid() ? STOCKS : CRYPTO;
        // status names the process leading each feed
        Map<String, Long> leaders = leaders();
        Cli.Result status = Cli.run(settings(), "status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.stdout())
                .containsPattern("feed +" + STOCKS + ": [^\n]*\nleader +pid " + leaders.get(STOCKS) + " at [^,]+, epoch \\d+, renewed ")
                .containsPattern("feed +" + CRYPTO + ": [^\n]*\nleader +pid " + leaders.get(CRYPTO) + " at [^,]+, epoch \\d+, renewed ");
        Instant cursorAtKill = minCursor(movedFeed);

        long killed = System.nanoTime();
        first.destroyForcibly();   // SIGKILL: its lease session dies, and the other finds its holder dead
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> leaders().equals(Map.of(STOCKS, second.pid(), CRYPTO, second.pid())));
        long moveMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        System.out.printf("feeds spread: %s moved to the other instance %d ms after kill -9%n", movedFeed, moveMillis);
        assertThat(moveMillis).as("time for the killed instance's feed to move").isLessThan(15_000);

        // the survivor works the moved feed: its checkpoints move on, and both feeds are exact
        await().atMost(Duration.ofSeconds(60)).until(() -> minCursor(movedFeed).isAfter(cursorAtKill));
        second.destroy();   // SIGTERM: the windows in flight finish and are checkpointed
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        GroundTruth.assertFeedExactly(fixture.dbUrl, STOCKS, GroundTruth.served(VendorEndpoint.ALPACA_STOCKS, SYMBOLS,
                Timeframe.ONE_MINUTE, START, horizon(STOCKS), 0));
        GroundTruth.assertFeedExactly(fixture.dbUrl, CRYPTO, GroundTruth.served(VendorEndpoint.ALPACA_CRYPTO, PAIRS,
                Timeframe.ONE_MINUTE, START, horizon(CRYPTO), 0));
    }

    private boolean oneEach(Process a, Process b) throws Exception {
        Map<String, Long> leaders = leaders();
        return leaders.size() == 2 && leaders.containsValue(a.pid()) && leaders.containsValue(b.pid());
    }

    /**
     * Each led feed and the pid of its holder: the feed's lease whose deadline has not passed, its holder named
     * {@code pid N at HOST}. None until the first daemon has made the table.
     */
    private Map<String, Long> leaders() throws Exception {
        Map<String, Long> out = new HashMap<>();
        if (!leaseTableMade()) {
            return out;
        }
        try (PreparedStatement ps = db.prepareStatement("SELECT feed, holder_name FROM feed_lease WHERE holder IS NOT NULL"
                     + " AND deadline >= CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String[] words = rs.getString(2).split(" ");
                assertThat(words).as("holder of %s", rs.getString(1)).startsWith("pid");
                out.put(rs.getString(1), Long.parseLong(words[1]));
            }
        }
        return out;
    }

    private boolean leaseTableMade() throws Exception {
        if (!leaseTableMade) {   // once made it stays: the catalog is not read again each poll
            try (ResultSet rs = db.getMetaData().getTables(null, db.getSchema(), "feed_lease", null)) {
                leaseTableMade = rs.next();
            }
        }
        return leaseTableMade;
    }

    private Instant minCursor(String feed) throws Exception {
        return Checkpoints.of(db, feed).values().stream().min(Instant::compareTo).orElse(START);
    }

    /** Where every symbol of the feed stands: they all stand at one horizon once the last window is checkpointed. */
    private Instant horizon(String feed) throws Exception {
        Map<String, Instant> cursors = Checkpoints.of(fixture.dbUrl, feed);
        Instant horizon = cursors.values().stream().min(Instant::compareTo).orElseThrow();
        assertThat(cursors.values()).as("cursors of %s", feed).allMatch(horizon::equals);
        return horizon;
    }

    private Process daemon(String name) throws Exception {
        Process p = processes.start(LOGS.resolve(name + ".log"), settings(), "run");
        return p;
    }

    private Map<String, String> settings() {
        Map<String, String> settings = fixture.settings();
        settings.put("ingest.feeds", String.join(",", FEEDS));
        settings.put("ingest.feed.crypto_1min.provider", "alpaca-crypto");
        settings.put("ingest.feed.crypto_1min.universe", String.join(",", PAIRS));
        settings.put("ingest.start", START.toString());
        settings.put("ingest.window", "P1D");
        settings.put("ingest.settle", "PT1M");
        settings.put("ingest.schedule", "0/5 * * * * ?");
        return settings;
    }
}
