package com.marketbars.ingest.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Watches a feed from outside the processes that move it, as a monitoring query would: every 50 ms it reads where the
 * feed's cursors stand and the epoch of its lease, and notes each instant (System.nanoTime) the cursors moved and the
 * lease changed hands. The gaps between moves are how long the feed stood still - measured, not taken from any log (a
 * change between two reads is seen up to 50 ms late, so the figures err long, never short).
 */
public final class CheckpointWatch implements Runnable {
    static final long POLL_MILLIS = 50;
    /** Caught up: every symbol's cursor is at most this far behind now (the settle lag and the last window's start). */
    static final Duration PRESENT = Duration.ofMinutes(10);

    /** One stretch between two moves of the cursors. */
    public record Gap(long fromNanos, long toNanos) {
        public long millis() {
            return Duration.ofNanos(toNanos - fromNanos).toMillis();
        }
    }

    private final String jdbcUrl;
    /** The feed, which is also its catch-up's cursor key. */
    private final String feed;
    private final int symbols;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private final List<Long> moves = new ArrayList<>();
    /** The instants the lease's epoch was seen to change, with the epoch seen: {nanos, epoch}. */
    private final List<long[]> takes = new ArrayList<>();

    public CheckpointWatch(String jdbcUrl, String feed, int symbols) {
        this.jdbcUrl = jdbcUrl;
        this.feed = feed;
        this.symbols = symbols;
    }

    @Override
    public void run() {
        String last = null;
        long lastEpoch = -1;
        try (Connection c = connect();
             PreparedStatement cursors = c.prepareStatement(
                     "SELECT COUNT(*), MIN(ingested_until), MAX(ingested_until) FROM ingest_checkpoint WHERE source = ?");
             PreparedStatement lease = c.prepareStatement("SELECT epoch FROM feed_lease WHERE feed = ?")) {
            cursors.setString(1, feed);
            lease.setString(1, feed);
            while (running && !caughtUp) {
                String seen;
                Instant min;
                int count;
                try (ResultSet rs = cursors.executeQuery()) {
                    rs.next();
                    count = rs.getInt(1);
                    seen = count + " " + rs.getString(2) + " " + rs.getString(3);
                    min = rs.getString(2) == null ? null : Instant.parse(rs.getString(2));
                }
                long epoch;
                try (ResultSet rs = lease.executeQuery()) {
                    epoch = rs.next() ? rs.getLong(1) : 0;
                }
                long now = System.nanoTime();
                synchronized (this) {
                    if (count > 0 && !Objects.equals(seen, last)) {
                        moves.add(now);
                        last = seen;
                        caughtUp = count == symbols && min != null && min.isAfter(Instant.now().minus(PRESENT));
                    }
                    if (epoch != lastEpoch) {
                        takes.add(new long[] {now, epoch});
                        lastEpoch = epoch;
                    }
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException("watching the checkpoints of " + feed + " failed", e);
        }
    }

    /** The tables are made by the first daemon: wait for them. */
    private Connection connect() throws SQLException, InterruptedException {
        while (true) {
            Connection c = DriverManager.getConnection(jdbcUrl);
            try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "feed_lease", null)) {
                if (rs.next()) {
                    return c;
                }
            }
            c.close();
            Thread.sleep(POLL_MILLIS);
        }
    }

    public void stop() {
        running = false;
    }

    /** How many moves it saw. */
    public synchronized long advances() {
        return moves.size();
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /** The stretches between two moves of the cursors, in order. */
    public synchronized List<Gap> gaps() {
        List<Gap> gaps = new ArrayList<>();
        for (int i = 1; i < moves.size(); i++) {
            gaps.add(new Gap(moves.get(i - 1), moves.get(i)));
        }
        return gaps;
    }

    /** When the lease was first seen under an epoch above the given one, from the given instant on. */
    public synchronized OptionalLong takenAfter(long epoch, long fromNanos) {
        return takes.stream().filter(t -> t[1] > epoch && t[0] >= fromNanos).mapToLong(t -> t[0]).findFirst();
    }
}
