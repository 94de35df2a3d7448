package com.marketbars.ingest.cluster;

import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.support.Postgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a feed runs, as an instance tells it (status, the console, JMX type=Lease): read from the lease table, which names the
 * holder, its epoch, its last renewal and from whom and why it took the feed - the same on either store. With a file
 * lock (ingest.cluster.lock-dir) there are no leases, so an instance tells only whether it leads.
 */
class FeedLeadersTest {
    static final String FEED = "alpaca_bars_1min";
    static final long ME = ProcessHandle.current().pid();
    static final Duration LEASE = Duration.ofSeconds(30);

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
    void onSqliteTheLeaseNamesTheHolderItsEpochAndHowItGotTheFeed() throws Exception {
        theLeaseNamesTheHolder("jdbc:sqlite:" + dir.resolve("t.db"));
    }

    @Test
    void onPostgresqlTheLeaseNamesTheHolderWhereverItRuns() throws Exception {
        Postgres.Copy database = Postgres.migratedDatabase();
        open.add(database);
        theLeaseNamesTheHolder(database.url());
    }

    private void theLeaseNamesTheHolder(String url) throws Exception {
        FeedLeaders leaders = new FeedLeaders(opened(Database.open(url, 2)), SingleInstance.usesLeases(""));
        assertThat(leaders.runsOn(FEED, false)).isEqualTo("no instance (no daemon has led this feed yet)");

        try (LeaseSession session = LeaseSession.open(url, LEASE)) {
            session.take(FEED, session.read(FEED), false, "other-instance", "pid 4242 at db-host-2", LEASE).orElseThrow();
            assertThat(leaders.runsOn(FEED, false)).startsWith("pid 4242 at db-host-2, epoch 1, renewed ")
                    .endsWith(", took it from no one: first").doesNotContain("this instance");
            session.release(FEED, "other-instance", 1);
            assertThat(leaders.runsOn(FEED, false)).isEqualTo("no instance (no daemon leads this feed now; epoch 1)");

            session.take(FEED, session.read(FEED), false, "me", "pid " + ME + " at here", LEASE).orElseThrow();
            assertThat(leaders.runsOn(FEED, true)).startsWith("pid " + ME + " at here, epoch 2, renewed ")
                    .endsWith(", took it from pid 4242 at db-host-2: released (this instance)");
            // the same pid on another host (or another container's pid 1) is not this instance
            assertThat(leaders.runsOn(FEED, false)).doesNotContain("this instance");
            FeedLeaders.Lease lease = leaders.all().get(FEED);
            assertThat(lease.epoch()).isEqualTo(2);
            assertThat(lease.deadline()).isAfter(lease.renewedAt());

            // JMX: the same lease, attribute by attribute, read by name as a JMX client (Jolokia) does
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("market-bars-ingest:type=Lease,name=" + FEED + "_" + url.hashCode());
            jmx.registerMBean(new FeedLease(FEED, leaders, () -> true), name);
            try {
                assertThat(jmx.getAttribute(name, "Leader")).isEqualTo("pid " + ME + " at here");
                assertThat(jmx.getAttribute(name, "Epoch")).isEqualTo(2L);
                assertThat(jmx.getAttribute(name, "LeadingHere")).isEqualTo(true);
                assertThat(jmx.getAttribute(name, "TakenFrom")).isEqualTo("pid 4242 at db-host-2");
                assertThat(jmx.getAttribute(name, "TakenBecause")).isEqualTo("released");
                assertThat((String) jmx.getAttribute(name, "LastRenewal")).isEqualTo(lease.renewedAt().toString());
                assertThat((String) jmx.getAttribute(name, "Deadline")).isEqualTo(lease.deadline().toString());
            } finally {
                jmx.unregisterMBean(name);
            }
        }
    }

    @Test
    void withAFileLockNoLeaseIsAskedAboutAndTheInstanceTellsWhatItKnows() throws Exception {
        // ingest.cluster.lock-dir set: the instances lock files, and nobody holds a lease
        FeedLeaders leaders = new FeedLeaders(opened(Database.open("jdbc:sqlite:" + dir.resolve("f.db"), 1)),
                SingleInstance.usesLeases(dir.resolve("locks").toString()));

        assertThat(leaders.describe(FEED)).isEmpty();
        assertThat(leaders.runsOn(FEED, true)).isEqualTo("this instance (pid " + ME + ")");
        assertThat(leaders.runsOn(FEED, false)).isEqualTo("another process (this one stands by)");
    }

    private Database opened(Database db) {
        open.add(db);
        return db;
    }
}
