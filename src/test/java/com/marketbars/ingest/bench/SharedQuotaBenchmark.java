package com.marketbars.ingest.bench;

import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.model.Quota;
import com.marketbars.ingest.quota.QuotaLedger;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.SyntheticBars;
import com.marketbars.ingest.simulator.VendorSimulator;
import com.marketbars.ingest.store.BarStore;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.JdbcQuotaLedger;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The account quota, measured (a benchmark, not a test):
 * <ol>
 * <li>utilisation and violations for 1, 2 and 3 processes (the packaged jar, each a backfill of its own range on
 * one SQLite file and one account) sharing a strict 10/PT1S vendor quota at 0, 300 ms and 1 s latency;</li>
 * <li>the cost of a ledger slot (take + answer) on SQLite and PostgreSQL, alone and while another thread writes
 * 10,000-bar pages to the same database;</li>
 * <li>Camel's Throttle EIP in TotalRequests mode (10 per 1000 ms) against the same strict vendor.</li>
 * </ol>
 * Usage: SharedQuotaBenchmark JAR [SECONDS_COUNTED] [CONCURRENCY] [PG_URL]
 */
public final class SharedQuotaBenchmark {
    private static final int QUOTA = 10;

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        String pg = args.length > 3 ? args[3] : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        Path dir = Files.createTempDirectory("quotabench");
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            symbols.add("" + (char) ('A' + i / 676 % 26) + (char) ('A' + i / 26 % 26) + (char) ('A' + i % 26));
        }
        Files.write(dir.resolve("universe.txt"), symbols);

        System.out.printf("## Processes sharing one account: strict vendor quota %d/PT1S, concurrency %d each, counted over %d s after 2 s of warm-up%n%n",
                QUOTA, concurrency, seconds);
        System.out.println("| processes | vendor latency | requests served | quota allowed | utilisation | best possible P/(P+L) | share of best | 429 (violations) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int latency : new int[] {0, 300, 1000}) {
            for (int n = 1; n <= 3; n++) {
                utilisation(jar, dir, n, latency, seconds, concurrency);
            }
        }

        System.out.printf("%n## Cost of a ledger slot (take + answer), one thread, 2,000 slots%n%n");
        System.out.println("| store | alone: mean | p99 | beside 10,000-bar page writes: mean | p99 | max | pages written meanwhile |");
        System.out.println("|---|---|---|---|---|---|---|");
        slotCost("SQLite", "jdbc:sqlite:" + dir.resolve("slots.db"));
        String schema = "bench_quota_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(pg); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        try {
            slotCost("PostgreSQL", pg + "&currentSchema=" + schema);
        } finally {
            try (Connection c = DriverManager.getConnection(pg); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }

        System.out.printf("%n## Camel's Throttle EIP, TotalRequests mode (%d per 1000 ms), 8 callers, %d s, vs the same strict vendor%n%n", QUOTA, seconds);
        System.out.println("| vendor latency | requests | 429 (violations) |");
        System.out.println("|---|---|---|");
        for (int latency : new int[] {0, 300}) {
            throttleTotalRequests(latency, seconds);
        }
    }

    private static void utilisation(String jar, Path dir, int processes, int latency, int seconds, int concurrency) throws Exception {
        SimulatorSettings s = new SimulatorSettings();
        s.quotaRequests = QUOTA;
        s.quotaPeriodMillis = 1_000;
        s.latencyMillis = latency;
        Path db = dir.resolve("util-" + processes + "-" + latency + ".db");
        try (VendorSimulator sim = VendorSimulator.start(0, s)) {
            List<Process> ps = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                // each its own month, so their cursors never meet; all on one database and one account
                String from = "2026-0" + (i + 1) + "-01";
                String to = "2026-0" + (i + 2) + "-01";
                ps.add(backfill(jar, dir, sim, db, "util-" + processes + "-" + latency + "-" + i, concurrency, from, to));
            }
            while (sim.stats().requests() < (long) processes && ps.stream().allMatch(Process::isAlive)) {
                Thread.sleep(5);
            }
            Thread.sleep(5_000);   // until every process is up and sending, then one more period
            long before = sim.stats().count(200);
            Thread.sleep(seconds * 1000L);
            long served = sim.stats().count(200) - before;
            for (Process p : ps) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            double allowed = (double) QUOTA * seconds;
            double best = 1000.0 / (1000.0 + latency);
            System.out.printf("| %d | %d ms | %d | %.0f | %.1f%% | %.1f%% | %.1f%% | %d |%n", processes, latency, served, allowed,
                    100 * served / allowed, 100 * best, 100 * served / allowed / best, sim.stats().quotaViolations());
        }
    }

    private static Process backfill(String jar, Path dir, VendorSimulator sim, Path db, String name, int concurrency,
                                    String from, String to) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
                "backfill", "--from", from, "--to", to, "--quiet",
                "--set", "ingest.db.url=jdbc:sqlite:" + db,
                "--set", "ingest.vendor.url=" + sim.baseUrl(),
                "--set", "ingest.universe=file:" + dir.resolve("universe.txt"),
                "--set", "ingest.vendor.page-limit=1000",
                "--set", "ingest.account.quota=" + QUOTA + "/PT1S",
                "--set", "ingest.concurrency=" + concurrency,
                "--set", "camel.main.jmx-enabled=false");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    private static void slotCost(String store, String url) throws Exception {
        Quota quota = Quota.parse("1000000/PT1S");
        Duration maxAnswer = Duration.ofSeconds(35);
        try (Database main = Database.open(url, 4); Database ledgerDb = Database.openQuotaLedger(url)) {
            JdbcQuotaLedger ledger = new JdbcQuotaLedger(ledgerDb, Clock.systemUTC());
            ledger.register("bench", Duration.ofHours(1));
            for (int i = 0; i < 200; i++) {   // warm-up
                ledger.answered(take(ledger, quota, maxAnswer), 200);
            }
            long[] alone = slots(ledger, quota, maxAnswer, 2_000);

            AtomicBoolean writing = new AtomicBoolean(true);
            BarStore bars = new BarStore(main, Clock.systemUTC());
            ExecutorService writer = Executors.newSingleThreadExecutor();
            long[] pages = {0};
            writer.submit(() -> {
                int day = 0;
                while (writing.get()) {
                    List<Bar> page = new ArrayList<>();
                    Instant from = Instant.parse("2020-01-06T00:00:00Z").plus(Duration.ofDays(day++));
                    for (String s : List.of("AAA", "AAB", "AAC", "AAD", "AAE", "AAF", "AAG", "AAH", "AAI", "AAJ",
                            "AAK", "AAL", "AAM", "AAN", "AAO", "AAP", "AAQ", "AAR", "AAS", "AAT", "AAU", "AAV", "AAW", "AAX", "AAY", "AAZ")) {
                        page.addAll(SyntheticBars.range(s, from, from.plus(Duration.ofDays(1))));
                        if (page.size() >= 10_000) {
                            break;
                        }
                    }
                    bars.write("bench", page.subList(0, Math.min(10_000, page.size())), List.of());
                    pages[0]++;
                }
                return null;
            });
            Thread.sleep(300);
            long[] beside = slots(ledger, quota, maxAnswer, 2_000);
            writing.set(false);
            writer.shutdown();
            writer.awaitTermination(60, TimeUnit.SECONDS);
            System.out.printf("| %s | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %d |%n", store,
                    mean(alone), pct(alone, 99), mean(beside), pct(beside, 99), beside[beside.length - 1] / 1e6, pages[0]);
        }
    }

    private static long take(JdbcQuotaLedger ledger, Quota quota, Duration maxAnswer) {
        QuotaLedger.Take t = ledger.tryTake("bench", quota, maxAnswer, "bench");
        if (!t.taken()) {
            throw new IllegalStateException("the benchmark's quota should never be full");
        }
        return t.slot();
    }

    /** Nanoseconds of each take + answer, sorted. */
    private static long[] slots(JdbcQuotaLedger ledger, Quota quota, Duration maxAnswer, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            ledger.answered(take(ledger, quota, maxAnswer), 200);
            t[i] = System.nanoTime() - start;
        }
        Arrays.sort(t);
        return t;
    }

    private static double mean(long[] t) {
        return Arrays.stream(t).average().orElse(0) / 1e6;
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }

    private static void throttleTotalRequests(int latency, int seconds) throws Exception {
        SimulatorSettings s = new SimulatorSettings();
        s.quotaRequests = QUOTA;
        s.quotaPeriodMillis = 1_000;
        s.latencyMillis = latency;
        s.jitterMillis = latency / 2;
        try (VendorSimulator sim = VendorSimulator.start(0, s)) {
            CamelContext camel = new DefaultCamelContext();
            String url = sim.baseUrl() + "/v2/stocks/bars?symbols=AAA&timeframe=1Min&start=2026-11-24T00:00:00Z"
                    + "&end=2026-11-24T23:59:59Z&limit=10000&throwExceptionOnFailure=false";
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:call").throttle(QUOTA).timePeriodMillis(1000).to(url.replace("http://", "http:"));
                }
            });
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            ExecutorService callers = Executors.newFixedThreadPool(8);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            for (int i = 0; i < 8; i++) {
                callers.submit(() -> {
                    while (System.nanoTime() < until) {
                        producer.requestBody("direct:call", "");
                    }
                    return null;
                });
            }
            callers.shutdown();
            callers.awaitTermination(seconds + 30, TimeUnit.SECONDS);
            camel.stop();
            System.out.printf("| %d ms (+/- %d) | %d | %d |%n", latency, latency / 2, sim.stats().requests(), sim.stats().quotaViolations());
        }
    }
}
