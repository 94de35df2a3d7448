package com.marketbars.ingest.bench;

import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.store.BarStore;
import com.marketbars.ingest.store.Database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Issue 15's question: how close can a page write come to what SQLite does natively? The same pages a 500-symbol
 * backfill writes (day by day, batches of 50 symbols, pages of 10,000; insert-only, one transaction per page, fresh
 * SQLite files in WAL with synchronous=NORMAL as {@link Database} opens them), written several ways:
 * <ul>
 *   <li>{@code BarStore.write}, what runs;</li>
 *   <li>one bind per value in JDBC batches (the way BarStore wrote before multi-row statements);</li>
 *   <li>multi-row statements, {@code VALUES (...), (...)} x N, at several N;</li>
 *   <li>the same with larger page caches or pages, or in the table with a rowid that bars was before migration V9 (a
 *       table and its key's index instead of one b-tree);</li>
 *   <li>the same pages sorted into key order first, and the bars in key order over all days (the old ceiling's order).</li>
 * </ul>
 * Usage: WriteAlternatives [SYMBOLS] [FROM-DATE] [DAYS] [VARIANT...]
 */
public final class WriteAlternatives {
    private static final String COLUMNS = "INSERT INTO bars (symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at) VALUES ";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String CONFLICT = " ON CONFLICT (source, symbol, ts) DO NOTHING";
    /** The default feed's name, as a backfill writes it: the source is part of every row and of its key. */
    private static final String SOURCE = Database.DEFAULT_FEED;

    public static void main(String[] args) throws Exception {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Instant from = Instant.parse((args.length > 1 ? args[1] : "2026-11-16") + "T00:00:00Z");
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<String> only = args.length > 3 ? List.of(args).subList(3, args.length) : List.of();
        List<List<Bar>> pages = BenchBars.backfillPages(symbols, from, days, 50, 10_000);
        long total = pages.stream().mapToLong(List::size).sum();
        Path dir = Files.createTempDirectory("write-alternatives");
        System.out.printf("%,d bars in %d pages (backfill order); bars per second of wall time and of the writing thread's CPU"
                + " (SQLite runs on it; the CPU figure is the steadier one on a shared machine):%n", total, pages.size());

        run(only, "barstore", "BarStore.write (what runs)", dir, "", false, pages, (db, page) -> new BarStore(db, Clock.systemUTC()).write(SOURCE, page, List.of()));
        run(only, "barstore-rowid", "BarStore.write, the table with a rowid (before V9)", dir, "", true, pages, (db, page) -> new BarStore(db, Clock.systemUTC()).write(SOURCE, page, List.of()));
        run(only, "batch", "one bind per value, JDBC batches of 1,000", dir, "", false, pages, (db, page) -> jdbcBatch(db, page));
        for (int n : new int[] {10, 50, 100, 500}) {
            run(only, "rows" + n, "multi-row statements of " + n + " rows", dir, "", false, pages, (db, page) -> multiRow(db, page, n));
        }
        run(only, "cache", "multi-row of 100, cache_size 64 MiB", dir, "?cache_size=-65536", false, pages, (db, page) -> multiRow(db, page, 100));
        run(only, "mmap", "multi-row of 100, mmap_size 256 MiB", dir, "?mmap_size=268435456", false, pages, (db, page) -> multiRow(db, page, 100));
        run(only, "page16k", "multi-row of 100, page_size 16 KiB", dir, "?page_size=16384", false, pages, (db, page) -> multiRow(db, page, 100));
        run(only, "autockpt", "multi-row of 100, wal_autocheckpoint 10,000 pages", dir, "", false, pages, (db, page) -> {
            try (Connection c = db.writer().getConnection(); Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_autocheckpoint = 10000");
            }
            return multiRow(db, page, 100);
        });
        run(only, "rowid", "multi-row of 100, the table with a rowid (before V9)", dir, "", true, pages, (db, page) -> multiRow(db, page, 100));
        run(only, "sorted", "multi-row of 100, each page sorted into key order", dir, "", false, pages, (db, page) -> {
            List<Bar> sorted = new ArrayList<>(page);
            sorted.sort(Comparator.comparing(Bar::symbol).thenComparing(Bar::ts));
            return multiRow(db, sorted, 100);
        });
        List<Bar> keyOrder = BenchBars.of(symbols, from, days);
        List<List<Bar>> keyPages = new ArrayList<>();
        for (int i = 0; i < keyOrder.size(); i += 10_000) {
            keyPages.add(keyOrder.subList(i, Math.min(keyOrder.size(), i + 10_000)));
        }
        run(only, "keyorder-batch", "one bind per value, JDBC batches, bars in key order over all days", dir, "", false, keyPages, (db, page) -> jdbcBatch(db, page));
        run(only, "keyorder", "multi-row of 100, bars in key order over all days", dir, "", false, keyPages, (db, page) -> multiRow(db, page, 100));
    }

    interface PageWrite {
        Object write(Database db, List<Bar> page) throws SQLException;
    }

    private static void run(List<String> only, String key, String what, Path dir, String urlParameters, boolean withRowid,
                            List<List<Bar>> pages, PageWrite way) throws Exception {
        if (!only.isEmpty() && !only.contains(key)) {
            return;
        }
        long total = pages.stream().mapToLong(List::size).sum();
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve(key + ".db") + urlParameters, 2)) {
            if (withRowid) {   // bars as V1-V8 made it: a table under a hidden rowid, and its key in an index beside it
                try (Connection c = db.writer().getConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP TABLE bars");
                    s.execute("CREATE TABLE bars (symbol TEXT NOT NULL, ts TEXT NOT NULL, open REAL NOT NULL, high REAL NOT NULL, "
                            + "low REAL NOT NULL, close REAL NOT NULL, volume INTEGER NOT NULL, trade_count INTEGER NOT NULL, "
                            + "vwap REAL NOT NULL, source TEXT NOT NULL, ingested_at TEXT NOT NULL, PRIMARY KEY (source, symbol, ts))");
                }
            }
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            // the thread the transactions run on (on SQLite not this one: Database hands them to its writer thread)
            long writer = db.inWriteTransaction("naming the writing thread", c -> Thread.currentThread().getId());
            long cpu0 = threads.getThreadCpuTime(writer);
            long t0 = System.nanoTime();
            for (List<Bar> page : pages) {
                way.write(db, page);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpuSecs = (threads.getThreadCpuTime(writer) - cpu0) / 1e9;
            long stored;
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT COUNT(*) FROM bars")) {
                rs.next();
                stored = rs.getLong(1);
            }
            if (stored != total) {
                throw new IllegalStateException(key + " stored " + stored + " of " + total + " bars");
            }
            System.out.printf("  %-15s %,9.0f %,11.0f  %s%n", key, total / secs, total / cpuSecs, what);
        }
    }

    private static final String INGESTED_AT = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();

    private static int jdbcBatch(Database db, List<Bar> page) {
        return db.inWriteTransaction("batch", c -> {
            try (PreparedStatement ps = c.prepareStatement(COLUMNS + ROW + CONFLICT)) {
                for (int i = 0; i < page.size(); i++) {
                    BarStore.bind(ps, 0, page.get(i), SOURCE, INGESTED_AT);
                    ps.addBatch();
                    if ((i + 1) % 1_000 == 0 || i + 1 == page.size()) {
                        ps.executeBatch();
                    }
                }
            }
            return page.size();
        });
    }

    private static int multiRow(Database db, List<Bar> page, int rows) {
        return db.inWriteTransaction("multi-row", c -> {
            int done = 0;
            try (PreparedStatement full = c.prepareStatement(COLUMNS + String.join(", ", java.util.Collections.nCopies(rows, ROW)) + CONFLICT)) {
                for (; done + rows <= page.size(); done += rows) {
                    for (int r = 0; r < rows; r++) {
                        BarStore.bind(full, r * 11, page.get(done + r), SOURCE, INGESTED_AT);
                    }
                    full.executeUpdate();
                }
            }
            int rest = page.size() - done;
            if (rest > 0) {
                try (PreparedStatement tail = c.prepareStatement(COLUMNS + String.join(", ", java.util.Collections.nCopies(rest, ROW)) + CONFLICT)) {
                    for (int r = 0; r < rest; r++) {
                        BarStore.bind(tail, r * 11, page.get(done + r), SOURCE, INGESTED_AT);
                    }
                    tail.executeUpdate();
                }
            }
            return page.size();
        });
    }
}
