package com.marketbars.ingest.bench;

import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.store.BarStore;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.model.WriteResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Issue 13: the page write on PostgreSQL beside SQLite's. The same pages of 10,000 synthetic bars go through
 * {@code BarStore.write} into a fresh database of each kind - SQLite, PostgreSQL through COPY as now, and with
 * {@code BENCH_BATCHES=1} PostgreSQL in JDBC batches as before - three times: new bars (insert-only into an empty table),
 * the same pages again insert-only (every bar a duplicate: the re-read after a crash), and the same pages in upsert
 * mode (nothing changed: re-reading settled history). Each pass's counts are checked, then its bars/s printed; after
 * the new bars, PostgreSQL's bytes a stored bar (every partition of bars with its indexes and TOAST, over the rows). The
 * whole sequence runs ROUNDS times (the first round also warms the JIT up).
 * <p>
 * Usage: PgWriteBenchmark SYMBOLS FROM-DATE DAYS [ROUNDS] (PostgreSQL from {@code PG_URL}, default the test server;
 * each run works in a schema of its own, dropped afterwards).
 */
public final class PgWriteBenchmark {
    private static final int PAGE = 10_000;

    /** A store to measure: a name, and how to open its BarStore on a database. */
    private record Target(String name, boolean postgres, BiFunction<Database, Clock, BarStore> store) {
    }

    public static void main(String[] args) throws Exception {
        List<Bar> all = BenchBars.fromArgs(args);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        String server = System.getenv().getOrDefault("PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        List<Target> targets = new ArrayList<>(List.of(
                new Target("SQLite", false, BarStore::new),
                new Target("PostgreSQL, COPY (BarStore)", true, BarStore::new)));
        if ("1".equals(System.getenv("BENCH_BATCHES"))) {   // the JDBC-batch baseline: a minute a round, and unchanged
            targets.add(1, new Target("PostgreSQL, JDBC batches (before)", true, BarStore::withJdbcBatches));
        }
        Path dir = Files.createTempDirectory("pg-write");
        System.out.printf("%,d bars in pages of %,d%n", all.size(), PAGE);
        for (int round = 1; round <= rounds; round++) {
            for (Target t : targets) {
                String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                String url = t.postgres() ? server + "&currentSchema=" + schema : "jdbc:sqlite:" + dir.resolve(schema + ".db");
                if (t.postgres()) {
                    execute(server, "CREATE SCHEMA " + schema);
                }
                try (Database db = Database.open(url, 2)) {
                    BarStore store = t.store().apply(db, Clock.systemUTC());
                    pass(round, t, "new, insert-only", store, WriteMode.INSERT_ONLY, all, new WriteResult(all.size(), 0, 0, 0));
                    if (t.postgres()) {
                        System.out.printf("round %d  %-32s %-26s %,10d bars, %.1f bytes a bar%n", round, t.name(), "stored size", all.size(),
                                (double) bytesOfBars(db) / all.size());
                    }
                    pass(round, t, "again, insert-only", store, WriteMode.INSERT_ONLY, all, new WriteResult(0, 0, all.size(), 0));
                    pass(round, t, "again, upsert (unchanged)", store, WriteMode.UPSERT, all, new WriteResult(0, 0, all.size(), 0));
                } finally {
                    if (t.postgres()) {
                        execute(server, "DROP SCHEMA " + schema + " CASCADE");
                    }
                }
            }
        }
    }

    private static void pass(int round, Target t, String what, BarStore store, WriteMode mode, List<Bar> all, WriteResult expected) {
        long inserted = 0, revised = 0, duplicates = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < all.size(); i += PAGE) {
            WriteResult r = store.write("bench", mode, all.subList(i, Math.min(all.size(), i + PAGE)), List.of());
            inserted += r.inserted();
            revised += r.revised();
            duplicates += r.duplicates();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        WriteResult total = new WriteResult(inserted, revised, duplicates, 0);
        if (!total.equals(expected)) {
            throw new IllegalStateException(t.name() + " " + what + ": counted " + total + ", expected " + expected);
        }
        System.out.printf("round %d  %-32s %-26s %,10d bars in %5.1f s = %,9.0f bars/s%n", round, t.name(), what, all.size(), secs, all.size() / secs);
    }

    /** pg_total_relation_size of every partition of bars (heap, TOAST and indexes; the parent holds none itself). */
    private static long bytesOfBars(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT SUM(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'bars'::regclass")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
