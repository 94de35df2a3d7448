package com.marketbars.ingest.ops;

import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.support.Postgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a feed runs, as an instance tells it (status, the console). PostgreSQL: read from the server - the session
 * holding the feed's advisory lock names its process; held here by a plain session named as an instance names it.
 * SQLite: the file lock names no process, so an instance tells only whether it leads.
 */
class FeedLeadersTest {
    static final String FEED = "alpaca_bars_1min";
    static final long ME = ProcessHandle.current().pid();

    @TempDir
    Path dir;
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {   // the databases before their schema
            open.get(i).close();
        }
    }

    @Test
    void onSqliteAnInstanceTellsWhetherItLeadsOrStandsBy() {
        FeedLeaders leaders = new FeedLeaders(opened(Database.open("jdbc:sqlite:" + dir.resolve("t.db"), 1)), false);

        assertThat(leaders.describe(FEED)).isEmpty();
        assertThat(leaders.runsOn(FEED, true)).isEqualTo("this instance (pid " + ME + ")");
        assertThat(leaders.runsOn(FEED, false)).isEqualTo("another process (this one stands by)");
    }

    @Test
    void onPostgresqlTheServerNamesTheProcessHoldingTheFeedsLockWhereverItRuns() throws Exception {
        Postgres.Schema schema = Postgres.freshSchema();
        open.add(schema);
        FeedLeaders leaders = new FeedLeaders(opened(Database.open(schema.url(), 2)), SingleInstance.usesAdvisoryLocks(schema.url(), ""));

        assertThat(leaders.runsOn(FEED, false)).isEqualTo("no instance (no daemon leads this feed now)");

        try (Connection other = holdingTheLock(schema, "market-bars-ingest pid 4242 lock " + FEED)) {
            assertThat(leaders.runsOn(FEED, false)).isEqualTo("pid 4242 at 127.0.0.1");
        }
        try (Connection mine = holdingTheLock(schema, "market-bars-ingest pid " + ME + " lock " + FEED)) {
            assertThat(leaders.runsOn(FEED, true)).isEqualTo("pid " + ME + " at 127.0.0.1 (this instance)");
            // the same pid on another host (or another container's pid 1) is not this instance
            assertThat(leaders.runsOn(FEED, false)).isEqualTo("pid " + ME + " at 127.0.0.1");
        }
    }

    @Test
    void onPostgresqlWithAFileLockNoAdvisoryLockIsAskedAboutAndTheInstanceTellsWhatItKnows() throws Exception {
        Postgres.Schema schema = Postgres.freshSchema();
        open.add(schema);
        // ingest.cluster.lock-dir set: the instances lock files, and nobody holds the feed's advisory lock
        FeedLeaders leaders = new FeedLeaders(opened(Database.open(schema.url(), 2)),
                SingleInstance.usesAdvisoryLocks(schema.url(), dir.resolve("locks").toString()));

        assertThat(leaders.describe(FEED)).isEmpty();
        assertThat(leaders.runsOn(FEED, true)).isEqualTo("this instance (pid " + ME + ")");
        assertThat(leaders.runsOn(FEED, false)).isEqualTo("another process (this one stands by)");
    }

    private Database opened(Database db) {
        open.add(db);
        return db;
    }

    /** A session of the schema holding the feed's advisory lock under this application_name, as an instance's does. */
    private static Connection holdingTheLock(Postgres.Schema schema, String applicationName) throws Exception {
        Connection c = DriverManager.getConnection(schema.url() + "&ApplicationName=" + applicationName.replace(" ", "%20"));
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
            ps.setLong(1, AdvisoryLockSession.key(c, FEED));
            ps.execute();
        }
        return c;
    }
}
