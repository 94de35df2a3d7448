package com.marketbars.ingest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.store.BarStore;
import com.marketbars.ingest.store.Database;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Issue 12's question: should the page write be a route's {@code jdbc:} step, as the checkpoint advance and the DLQ
 * row are? The same pages of 10,000 bars (insert-only, into fresh SQLite files) written three ways:
 * <ol>
 *   <li>the bean, {@code BarStore.write} (what route fetch-page calls): one prepared statement, JDBC batches, a
 *       count per bar (which the upsert mode and the new/duplicate tallies need);</li>
 *   <li>a {@code jdbc:} step running one statement per page, the page as one JSON parameter expanded by
 *       {@code json_each} (the only way a camel-jdbc step writes a page in one statement; it returns one total);</li>
 *   <li>a {@code jdbc:} step per bar (a split of the page into the endpoint), on a tenth of the bars.</li>
 * </ol>
 * Usage: PageWriteBenchmark SYMBOLS FROM-DATE DAYS
 */
public final class PageWriteBenchmark {
    private static final int PAGE = 10_000;
    private static final String JSON_PAGE = "INSERT INTO bars (symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at) "
            + "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), "
            + "json_extract(value, '$[4]'), json_extract(value, '$[5]'), json_extract(value, '$[6]'), json_extract(value, '$[7]'), "
            + "json_extract(value, '$[8]'), :?source, :?ingested_at FROM json_each(:?bars) WHERE true "
            + "ON CONFLICT (source, symbol, ts) DO NOTHING";
    private static final String ONE_BAR = "INSERT INTO bars (symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at) "
            + "VALUES (:?symbol, :?ts, :?open, :?high, :?low, :?close, :?volume, :?trade_count, :?vwap, :?source, :?ingested_at) "
            + "ON CONFLICT (source, symbol, ts) DO NOTHING";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JDBC_STEP = "jdbc:dataSource?useHeadersAsParameters=true&resetAutoCommit=false";

    public static void main(String[] args) throws Exception {
        List<Bar> all = BenchBars.fromArgs(args);
        Path dir = Files.createTempDirectory("page-write");
        String ingestedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();

        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("bean.db"), 2)) {
            BarStore store = new BarStore(db, Clock.systemUTC());
            long t0 = System.nanoTime();
            for (int i = 0; i < all.size(); i += PAGE) {
                store.write("bench", all.subList(i, Math.min(all.size(), i + PAGE)), List.of());
            }
            report("bean BarStore.write (multi-row statements)", all.size(), t0, count(db));
        }

        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("json.db"), 2);
             DefaultCamelContext camel = new DefaultCamelContext()) {
            ProducerTemplate jdbc = jdbcStepOn(db, camel);
            long t0 = System.nanoTime();
            for (int i = 0; i < all.size(); i += PAGE) {
                ArrayNode page = JSON.createArrayNode();
                for (Bar b : all.subList(i, Math.min(all.size(), i + PAGE))) {
                    page.addArray().add(b.symbol()).add(b.ts().toString()).add(b.open()).add(b.high()).add(b.low())
                            .add(b.close()).add(b.volume()).add(b.tradeCount()).add(b.vwap());
                }
                jdbc.sendBodyAndHeader(JDBC_STEP, JSON_PAGE, "CamelJdbcParameters",
                        Map.of("source", "bench", "ingested_at", ingestedAt, "bars", page.toString()));
            }
            report("jdbc: step, one JSON statement per page", all.size(), t0, count(db));
        }

        List<Bar> tenth = all.subList(0, all.size() / 10);
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("per-bar.db"), 2);
             DefaultCamelContext camel = new DefaultCamelContext()) {
            ProducerTemplate jdbc = jdbcStepOn(db, camel);
            long t0 = System.nanoTime();
            for (Bar b : tenth) {
                Map<String, Object> p = new java.util.HashMap<>();
                p.put("symbol", b.symbol());
                p.put("ts", b.ts().toString());
                p.put("open", b.open());
                p.put("high", b.high());
                p.put("low", b.low());
                p.put("close", b.close());
                p.put("volume", b.volume());
                p.put("trade_count", b.tradeCount());
                p.put("vwap", b.vwap());
                p.put("source", "bench");
                p.put("ingested_at", ingestedAt);
                jdbc.sendBodyAndHeader(JDBC_STEP, ONE_BAR, "CamelJdbcParameters", p);
            }
            report("jdbc: step per bar (autocommit)", tenth.size(), t0, count(db));
        }
    }

    /** The endpoint as the routes' jdbc: steps use it, on the database's writer pool. */
    private static ProducerTemplate jdbcStepOn(Database db, DefaultCamelContext camel) {
        camel.getRegistry().bind("dataSource", db.writer());
        camel.start();
        return camel.createProducerTemplate();
    }

    private static long count(Database db) throws Exception {
        try (var c = db.dataSource().getConnection(); var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM bars")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void report(String how, int bars, long t0, long stored) {
        double secs = (System.nanoTime() - t0) / 1e9;
        if (stored != bars) {
            throw new IllegalStateException(how + ": " + stored + " rows stored of " + bars);
        }
        System.out.printf("page write: %-42s %,10d bars in %6.1f s = %,9.0f bars/s%n", how, bars, secs, bars / secs);
    }
}
