package com.marketbars.ingest.bench;

import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.store.BarStore;
import com.marketbars.ingest.store.Database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The store's ceiling: bars/s of BarStore.write alone (no HTTP, no parsing) on the pages a backfill of the same
 * symbols and days writes (day by day, batches of 50 symbols, pages of 10,000: {@link BenchBars#backfillPages}), into
 * a fresh SQLite file; and the same in JDBC batches, one bind per value, as BarStore wrote before multi-row
 * statements. Run by bench/backfill-benchmark.sh beside the end-to-end figure; the ratio is what matters. The rows are
 * the backfill's to the byte: their source is the default feed's name, as the backfill's are (-Dceiling.source=...
 * for another). Until 2026-11-29 it was "bench": 11 bytes a row shorter, twice (table and key), which made the
 * ceiling 6-27% higher than what the backfill could write (docs/benchmarks.md).
 * Usage: JdbcInsertCeiling SYMBOLS FROM-DATE DAYS [multi-row]   (multi-row: the ceiling alone, not the JDBC batches)
 */
public final class JdbcInsertCeiling {
    public static void main(String[] args) throws Exception {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Instant from = Instant.parse((args.length > 1 ? args[1] : "2026-11-16") + "T00:00:00Z");
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<List<Bar>> pages = BenchBars.backfillPages(symbols, from, days, 50, 10_000);
        Path dir = Files.createTempDirectory("ceiling");
        measure("JDBC ceiling", "BarStore.write, multi-row statements", dir.resolve("ceiling.db"), pages, BarStore::new);
        if (args.length <= 3 || !args[3].equals("multi-row")) {
            measure("JDBC batches", "one bind per value, as before", dir.resolve("batches.db"), pages, BarStore::withJdbcBatches);
        }
    }

    private static void measure(String name, String way, Path file, List<List<Bar>> pages,
                                BiFunction<Database, Clock, BarStore> stores) {
        long bars = pages.stream().mapToLong(List::size).sum();
        try (Database db = Database.open("jdbc:sqlite:" + file, 2)) {
            BarStore store = stores.apply(db, Clock.systemUTC());
            long t0 = System.nanoTime();
            String source = System.getProperty("ceiling.source", Database.DEFAULT_FEED);
            for (List<Bar> page : pages) {
                store.write(source, page, List.of());
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%s: %,d bars in %.1f s = %,.0f bars/s (%s; the backfill's pages of 10,000, SQLite WAL)%n",
                    name, bars, secs, bars / secs, way);
        }
    }
}
