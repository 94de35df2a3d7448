package com.marketbars.ingest.cli;

import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.pipeline.IngestListener;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Progress of a backfill on the terminal: windows done/total, bars, bars/s and ETA; at the end a summary, with the share
 * of the time the database spent writing (near 100% on SQLite: the database is the bound).
 */
final class BackfillProgress implements IngestListener {
    private final PrintStream out;
    private final long startedNanos = System.nanoTime();
    private final boolean quiet;
    private final boolean tty = System.console() != null;
    private final Supplier<Duration> timeInWrites;
    private final Duration writesBefore;
    private long total;
    private long done;
    private long bars;
    private long duplicates;
    private long revised;
    private long rejected;
    private long deadLettered;
    private long requests;
    /**
     * Per time window [start, end): the bars all its shards received and their own floors. The job's floor is that of
     * each time window as one, whatever the shards: with pages shared by symbols, its bars over a page (so a summary
     * shows what sharding costs); otherwise the shards' floors add up (one symbol, or a date's market, a request).
     */
    private final java.util.Map<String, long[]> timeWindows = new java.util.HashMap<>();
    /** The job's plan, from its first window asked for (every window of a job has its feed's). */
    private com.marketbars.ingest.model.FeedPlan plan;

    /** @param timeInWrites the database's time in write transactions so far ({@code Database#timeInWrites}) */
    BackfillProgress(PrintStream out, long totalWindows, boolean quiet, Supplier<Duration> timeInWrites) {
        this.out = out;
        this.timeInWrites = timeInWrites;
        this.writesBefore = timeInWrites.get();
        this.total = totalWindows;
        this.quiet = quiet;
    }

    @Override
    public synchronized void windowCompleted(IngestWindow w, long floor, long remaining) {
        done++;
        total = Math.max(total, done + remaining);
        bars += w.inserted();
        duplicates += w.duplicates();
        revised += w.revised();
        rejected += w.rejected();
        deadLettered += w.deadLettered();
        requests += w.requests();
        if (!w.batches().isEmpty()) {
            long[] t = timeWindows.computeIfAbsent(w.start() + "/" + w.end(), k -> new long[2]);
            t[0] += w.barsReceived();
            t[1] += floor;
            plan = w.job().plan();
        }
        if (quiet) {
            return;
        }
        double secs = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        double rate = (bars + duplicates) / secs;
        long etaSecs = done == 0 ? 0 : Math.round(secs / done * (total - done));
        String line = String.format("windows %d/%d | %,d bars new, %,d duplicate, %,d revised, %,d rejected | %,.0f bars/s | %d requests | ETA %s",
                done, total, bars, duplicates, revised, rejected, rate, requests, Duration.ofSeconds(etaSecs).toString().substring(2).toLowerCase());
        if (tty) {
            out.print("\r" + line + "   ");
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The fewest requests the job's bars could have cost (see {@link #timeWindows}). */
    synchronized long requestFloor() {
        long floor = 0;
        for (long[] t : timeWindows.values()) {
            floor += plan.shape() == com.marketbars.ingest.model.RequestShape.SHARED_PAGES
                    ? Math.max(1, (t[0] + plan.pageLimit() - 1) / plan.pageLimit()) : t[1];
        }
        return floor;
    }

    /** @param leftInDlq the backfill's own batches still in the DLQ after it replayed them */
    synchronized void printSummary(int leftInDlq) {
        double secs = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        if (tty && !quiet) {
            out.println();
        }
        double writing = timeInWrites.get().minus(writesBefore).toNanos() / 1e9;
        out.printf("%s: %d windows, %,d bars new, %,d duplicate, %,d revised, %,d rejected, %d requests (floor %d) in %.1f s (%,.0f bars/s), %.1f s of it writing (%.0f%%)%n",
                leftInDlq == 0 ? "Backfill complete" : "Backfill done except " + leftInDlq + " batch(es) in the DLQ",
                done, bars, duplicates, revised, rejected, requests, requestFloor(), secs, (bars + duplicates) / secs, writing, 100 * writing / secs);
        if (leftInDlq > 0) {
            out.printf("%d batch(es) could not be fetched, also after replaying them, and are in the DLQ: the range is not "
                    + "complete (exit code 3). The retry worker of the daemon replays them, or run: dlq retry --all (see: dlq list)%n", leftInDlq);
        } else if (deadLettered > 0) {
            out.printf("%d batch(es) failed at first and were replayed from the DLQ%n", deadLettered);
        }
    }
}
