package com.marketbars.ingest;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.SyntheticBars;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.support.ChildJvms;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13's proof: three daemons (JVMs of their own) on one PostgreSQL database share a backfill submitted once -
 * 20 symbols x 10 days, cut into 20 shards of one batch (5 symbols) x two days - against a vendor that enforces its
 * quota strictly; one daemon is killed with SIGKILL while it holds a shard with checkpoints, and another finishes that
 * shard from them. Every shard is done, the data is exact, no quota violation, and the requests stay within 5% of
 * their floor.
 * <p>
 * The volume is not the claim: the shards, the daemons, the kill and the requests are. Pages of 1,000 bars keep each
 * shard's requests what they were with 200 symbols on pages of 10,000 (about 3 a weekday window, 104 in all), so the
 * rate against the quota, the length of the window a kill lands in and the 5% against the floor are unchanged, with a
 * tenth of the bars (~80,000) to move, write and compare.
 */
class ClusterBackfillPostgresTest {
    private static final Instant FROM = Instant.parse("2026-11-09T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-19T00:00:00Z");
    /** Pages of 1,000: a shard's window of 5 symbols is ~2,400 bars, ~3 requests (see the class comment). */
    private static final int PAGE_LIMIT = 1_000;
    /** A shard's symbols: one batch (pages of 1,000 x ingest.batch.pages 10 over 960 minutes a day packs 10 at most). */
    private static final int SHARD_SYMBOLS = 5;

    @TempDir
    Path dir;
    private IngestFixture fixture;
    private final List<String> universe = GroundTruth.symbols(4 * SHARD_SYMBOLS);   // x 5 periods of 2 days: 20 shards
    private final ChildJvms daemons = new ChildJvms();

    @BeforeEach
    void start() throws Exception {
        SimulatorSettings s = new SimulatorSettings();
        s.quotaRequests = 20;
        s.quotaPeriodMillis = 1_000;
        s.latencyMillis = 150;   // see settings(): a window lasts long enough for the kill to land inside it
        fixture = IngestFixture.start(SqlDialect.POSTGRESQL, dir, s, universe);
    }

    @AfterEach
    void stop() throws Exception {
        daemons.close();
        fixture.close();
    }

    private Map<String, String> settings() {
        Map<String, String> s = fixture.settings();
        s.put("ingest.account.quota", "20/PT1S");
        s.put("ingest.start", "PT1M");                      // the daemons' own feed has nothing to catch up
        s.put("ingest.vendor.page-limit", String.valueOf(PAGE_LIMIT));
        s.put("ingest.backfill.shard-symbols", String.valueOf(SHARD_SYMBOLS));   // one batch: a kill re-reads at most the windows of one batch
        s.put("ingest.backfill.shard-period", "P2D");
        s.put("ingest.backfill.lease", "PT5S");
        s.put("ingest.backfill.poll", "PT0.5S");
        // one window at a time, each of a few requests of 150 ms: the kill lands inside the shard's second window,
        // not after it (with windows fetched ahead a shard's two windows ended together, and a kill meant for the
        // middle of a shard met a shard already done, or both its windows in flight and re-read - 76 requests)
        s.put("ingest.fetch-ahead", "1");
        return s;
    }

    @Test
    void threeDaemonsShareASubmittedBackfillAndOneKilledMidShardLosesNothing() throws Exception {
        for (int i = 1; i <= 3; i++) {
            daemons.start(dir.resolve("daemon-" + i + ".log"), settings(), "run");
        }
        Cli.Result submitted = Cli.run(settings(), "backfill", "--from", FROM.toString(), "--to", TO.toString(), "--submit");
        assertThat(submitted.exitCode()).as(submitted.stderr()).isZero();
        assertThat(submitted.stderr()).contains("Backfill job 1 of alpaca_bars_1min", "20 shard(s), 0 done");

        // kill -9 a daemon while it holds a shard that already has checkpoints
        // (the polls below share one connection: a connection each 20 ms cost more CPU than the queries)
        Process victim = null;
        int victimShard = 0;
        try (Connection db = DriverManager.getConnection(fixture.dbUrl)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (victim == null) {
                assertThat(System.nanoTime()).as("a daemon holds a shard with checkpoints").isLessThan(deadline);
                for (Map.Entry<Integer, String> leased : leasedShardsWithCheckpoints(db).entrySet()) {
                    for (Process p : daemons.started()) {
                        if (leased.getValue().startsWith(p.pid() + "@")) {
                            victim = p;
                            victimShard = leased.getKey();
                        }
                    }
                }
                Thread.sleep(20);
            }
            victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (!jobFinished(db)) {
                assertThat(System.nanoTime()).as("the job finishes; logs in " + dir).isLessThan(deadline);
                Thread.sleep(200);
            }
        }
        long victimPid = victim.pid();
        List<String> shards = shardStates();
        assertThat(shards).hasSize(20).allSatisfy(s -> assertThat(s).startsWith("done"));
        assertThat(shards).as("the killed daemon's shard, taken again by another").anySatisfy(s -> assertThat(s).contains("attempts=2"));
        // the very shard it held with checkpoints when killed: the kill landed mid-shard, not after the shard was done
        String killedMidShard = "done shard=" + victimShard + " attempts=2 ";
        assertThat(shards).as("shard %d, held with checkpoints by the killed daemon", victimShard)
                .anySatisfy(s -> assertThat(s).startsWith(killedMidShard));
        assertThat(shards).noneSatisfy(s -> assertThat(s).contains("owner=" + victimPid + "@"));
        GroundTruth.assertExactly(fixture.dbUrl, universe, FROM, TO);
        assertThat(fixture.sim.stats().quotaViolations()).as("429s for exceeding the quota").isZero();
        long floor = floor();
        System.out.printf("cluster backfill: 3 daemons, 20 shards, one daemon killed mid-shard: %d requests, floor %d (%.3fx), %d quota violations%n",
                fixture.sim.stats().requests(), floor, (double) fixture.sim.stats().requests() / floor, fixture.sim.stats().quotaViolations());
        assertThat(fixture.sim.stats().requests()).as("requests beside their floor of %d; shards: %s; logs in %s", floor, shards, dir)
                .isBetween(floor, (long) Math.floor(floor * 1.05));
    }

    /** The fewest requests: per batch (a shard's symbols) and day window, its bars / page limit rounded up (at least one). */
    private long floor() {
        long floor = 0;
        for (int b = 0; b < universe.size(); b += SHARD_SYMBOLS) {
            List<String> batch = universe.subList(b, b + SHARD_SYMBOLS);
            for (Instant day = FROM; day.isBefore(TO); day = day.plus(Duration.ofDays(1))) {
                long bars = 0;
                for (String s : batch) {
                    for (long m = day.getEpochSecond() / 60; m < day.plus(Duration.ofDays(1)).getEpochSecond() / 60; m++) {
                        bars += SyntheticBars.exists(s, m) ? 1 : 0;
                    }
                }
                floor += Math.max(1, (bars + PAGE_LIMIT - 1) / PAGE_LIMIT);
            }
        }
        return floor;
    }

    /** Each leased shard that has checkpoints, and its lease's owner. */
    private static Map<Integer, String> leasedShardsWithCheckpoints(Connection c) throws Exception {
        Map<Integer, String> out = new java.util.TreeMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT s.shard_no, s.lease_owner FROM backfill_shard s WHERE s.state = 'leased' "
                     + "AND EXISTS (SELECT 1 FROM ingest_checkpoint k WHERE k.source = 'alpaca_bars_1min@backfill-job:' || s.job_id || '/shard-' || s.shard_no)")) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getString(2));
            }
        }
        return out;
    }

    private static boolean jobFinished(Connection c) throws Exception {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT finished_at FROM backfill_job WHERE id = 1")) {
            return rs.next() && rs.getString(1) != null;
        }
    }

    private List<String> shardStates() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(fixture.dbUrl);
             ResultSet rs = c.createStatement().executeQuery("SELECT shard_no, state, attempts, lease_owner FROM backfill_shard ORDER BY shard_no")) {
            while (rs.next()) {
                out.add(rs.getString(2) + " shard=" + rs.getInt(1) + " attempts=" + rs.getInt(3) + " owner=" + rs.getString(4));
            }
        }
        return out;
    }
}
