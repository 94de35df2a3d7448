package com.marketbars.ingest.bench;

import com.marketbars.ingest.pipeline.Bar;
import com.marketbars.ingest.store.BarStore;
import com.marketbars.ingest.store.Database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The store's ceiling: bars/s of BarStore.write alone (pages of 10,000 into a fresh SQLite file), no HTTP, no
 * parsing. Run by bench/backfill-benchmark.sh beside the end-to-end figure; the ratio is what matters.
 * Usage: JdbcInsertCeiling SYMBOLS FROM-DATE DAYS
 */
public final class JdbcInsertCeiling {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("ceiling");
        List<Bar> all = BenchBars.fromArgs(args);
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("ceiling.db"), 2)) {
            BarStore store = new BarStore(db, Clock.systemUTC());
            long t0 = System.nanoTime();
            for (int i = 0; i < all.size(); i += 10_000) {
                store.write("bench", all.subList(i, Math.min(all.size(), i + 10_000)), List.of());
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("JDBC ceiling: %,d bars in %.1f s = %,.0f bars/s (BarStore.write, pages of 10,000, SQLite WAL)%n",
                    all.size(), secs, all.size() / secs);
        }
    }
}
