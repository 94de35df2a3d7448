package com.marketbars.ingest.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Watches a feed's checkpoints from outside the processes that move them, as a monitoring query would: every 50 ms it
 * reads where the cursors stand, and notes each instant they moved. The longest time between two moves, from the first
 * until the catch-up reached the present, is how long the feed stood still - measured, not taken from any log (a move
 * between two reads is seen up to 50 ms late, so the figure errs long, never short).
 */
public final class CheckpointWatch implements Runnable {
    static final long POLL_MILLIS = 50;
    /** Caught up: every symbol's cursor is at most this far behind now (the settle lag and the last window's start). */
    static final Duration PRESENT = Duration.ofMinutes(10);

    private final String jdbcUrl;
    private final String cursorKey;
    private final int symbols;
    private volatile boolean running = true;
    private volatile long advances;
    private volatile long lastMoveNanos;
    private volatile long longestStillNanos;
    private volatile Instant longestStillEndedAt;
    private volatile boolean caughtUp;

    public CheckpointWatch(String jdbcUrl, String cursorKey, int symbols) {
        this.jdbcUrl = jdbcUrl;
        this.cursorKey = cursorKey;
        this.symbols = symbols;
    }

    @Override
    public void run() {
        String last = null;
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT COUNT(*), MIN(ingested_until), MAX(ingested_until) FROM ingest_checkpoint WHERE source = ?")) {
            ps.setString(1, cursorKey);
            while (running && !caughtUp) {
                String seen;
                Instant min = null;
                int count;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    count = rs.getInt(1);
                    seen = count + " " + rs.getString(2) + " " + rs.getString(3);
                    min = rs.getString(2) == null ? null : Instant.parse(rs.getString(2));
                }
                long now = System.nanoTime();
                if (count > 0 && !Objects.equals(seen, last)) {
                    if (advances > 0 && now - lastMoveNanos > longestStillNanos) {
                        longestStillNanos = now - lastMoveNanos;
                        longestStillEndedAt = Instant.now();
                    }
                    advances++;
                    lastMoveNanos = now;
                    last = seen;
                    caughtUp = count == symbols && min != null && min.isAfter(Instant.now().minus(PRESENT));
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException("watching the checkpoints of " + cursorKey + " failed", e);
        }
    }

    /** The tables are made by the first daemon: wait for them. */
    private Connection connect() throws SQLException, InterruptedException {
        while (true) {
            Connection c = DriverManager.getConnection(jdbcUrl);
            try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "ingest_checkpoint", null)) {
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
    public long advances() {
        return advances;
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /** The longest time between two moves seen, in ms. */
    public long longestStillMillis() {
        return Duration.ofNanos(longestStillNanos).toMillis();
    }

    public Instant longestStillEndedAt() {
        return longestStillEndedAt;
    }
}
