package com.marketbars.ingest.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * This machine's clock set to the database server's: the quota ledger's times must be comparable across the
 * machines that share it, and the server's clock is the one they all reach. The offset is measured when first needed
 * and again every minute, from the fastest of a few round trips; an offset within that round trip's error counts as
 * none (on one host, or with NTP, the clocks agree better than we can measure). A failed measurement keeps the last.
 */
public final class DatabaseClock extends Clock {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseClock.class);
    private static final long REMEASURE_NANOS = Duration.ofMinutes(1).toNanos();
    /** An offset beyond this is worth a line in the log: the machines' clocks disagree. */
    private static final long NOTABLE_OFFSET_MILLIS = 1_000;
    private static final int SAMPLES = 5;

    private final Database db;
    private volatile long offsetMillis;
    private volatile long measuredAtNanos;
    private volatile boolean measured;

    public DatabaseClock(Database db) {
        this.db = db;
    }

    /**
     * The clock of the quota ledger in {@code ledgerDb}: the server's on PostgreSQL (machines share it), {@code local}
     * on SQLite (every process of its ledger is on this host).
     */
    public static Clock forLedger(Database ledgerDb, Clock local) {
        return ledgerDb.dialect() == SqlDialect.POSTGRESQL ? new DatabaseClock(ledgerDb) : local;
    }

    @Override
    public long millis() {
        if (!measured || System.nanoTime() - measuredAtNanos > REMEASURE_NANOS) {
            measure();
        }
        return System.currentTimeMillis() + offsetMillis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    private synchronized void measure() {
        if (measured && System.nanoTime() - measuredAtNanos <= REMEASURE_NANOS) {
            return;
        }
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(db.sql("clock.now-millis"))) {
            // the sample with the shortest round trip bounds the error best
            long bestOffset = 0;
            long bestRoundTrip = Long.MAX_VALUE;
            for (int i = 0; i < SAMPLES; i++) {
                long before = System.currentTimeMillis();
                long server;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    server = rs.getLong(1);
                }
                long after = System.currentTimeMillis();
                if (after - before < bestRoundTrip) {
                    bestRoundTrip = after - before;
                    bestOffset = server - (before + after) / 2;
                }
            }
            // Within the measurement's own error the clocks agree (the same host, or NTP did its work): correcting
            // by a figure that is mostly error would make this process's times disagree with its neighbours'.
            long uncertainty = bestRoundTrip / 2 + 1;
            long offset = Math.abs(bestOffset) <= uncertainty ? 0 : bestOffset;
            if (Math.abs(offset) > NOTABLE_OFFSET_MILLIS && Math.abs(offset - offsetMillis) > NOTABLE_OFFSET_MILLIS) {
                LOG.warn("This machine's clock is {} ms {} the database server's; the quota ledger uses the server's",
                        Math.abs(offset), offset > 0 ? "behind" : "ahead of");
            }
            offsetMillis = offset;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not read the database server's clock ({}); keeping an offset of {} ms", e.toString(), offsetMillis);
        }
        measuredAtNanos = System.nanoTime();
        measured = true;
    }

    /** The last measured offset: server clock minus this machine's, in milliseconds. */
    public long offsetMillis() {
        millis();
        return offsetMillis;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the ledger's clock is UTC");
    }
}
