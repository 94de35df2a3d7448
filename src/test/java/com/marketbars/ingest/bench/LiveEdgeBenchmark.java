package com.marketbars.ingest.bench;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorSimulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The live edge of a whole market on the free plan: a daemon (the packaged jar, in a child JVM) keeps SYMBOLS symbols
 * of 1-minute bars live against the simulator's strict sliding-window quota of 200 requests a minute. After one
 * schedule period of warm-up (the catch-up from {@code ingest.start}), for MINUTES minutes: the requests the vendor
 * served in each minute, and the lag of the live edge - now minus the oldest symbol's checkpoint, read from the
 * database every 5 s - against its bound, {@code ingest.settle} (2 min) plus one schedule period (1 min).
 * Every minute is asked for ({@code ingest.closed-days=ask}): a session's minute costs the same requests as this one
 * whatever the hour the benchmark runs at.
 * Usage: LiveEdgeBenchmark JAR SYMBOLS MINUTES [PAGE_LIMIT]
 */
public final class LiveEdgeBenchmark {
    public static void main(String[] args) throws Exception {
        String jar = args[0];
        int symbols = Integer.parseInt(args[1]);
        int minutes = Integer.parseInt(args[2]);
        int pageLimit = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        Path dir = Files.createTempDirectory("liveedge");
        List<String> universe = new ArrayList<>();
        for (int i = 0; i < symbols; i++) {
            universe.add("" + (char) ('A' + i / 17_576 % 26) + (char) ('A' + i / 676 % 26) + (char) ('A' + i / 26 % 26) + (char) ('A' + i % 26));
        }
        Files.write(dir.resolve("universe.txt"), universe);
        SimulatorSettings s = new SimulatorSettings();
        s.quotaRequests = 200;
        s.quotaPeriodMillis = 60_000;
        String db = "jdbc:sqlite:" + dir.resolve("live.db");
        try (VendorSimulator sim = VendorSimulator.start(0, s)) {
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar, "run",
                    "--set", "ingest.db.url=" + db,
                    "--set", "ingest.vendor.url=" + sim.baseUrl(),
                    "--set", "ingest.universe=file:" + dir.resolve("universe.txt"),
                    "--set", "ingest.vendor.page-limit=" + pageLimit,
                    "--set", "ingest.account.quota=200/PT1M",
                    "--set", "ingest.start=PT5M",
                    "--set", "ingest.closed-days=ask",
                    "--set", "camel.main.jmx-enabled=false");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("live.log").toFile()).start();
            Instant started = Instant.now();
            try {
                // warm-up: the first catch-up and one schedule period
                while (sim.stats().requests() == 0 && p.isAlive()) {
                    Thread.sleep(100);
                }
                Thread.sleep(60_000);
                System.out.printf("%,d symbols of 1Min bars, quota 200/PT1M, page limit %,d, settle PT2M, schedule every minute%n",
                        symbols, pageLimit);
                System.out.println("| minute | requests | bars served | live edge lag (max of 5 s samples) |");
                System.out.println("|---|---|---|---|");
                long totalRequests = 0;
                long worstLag = 0;
                for (int m = 1; m <= minutes && p.isAlive(); m++) {
                    long req0 = sim.stats().requests();
                    long bars0 = sim.stats().barsServed();
                    long lag = 0;
                    Instant end = Instant.now().plusSeconds(60);
                    while (Instant.now().isBefore(end)) {
                        lag = Math.max(lag, lagSeconds(db));
                        Thread.sleep(5_000);
                    }
                    long req = sim.stats().requests() - req0;
                    totalRequests += req;
                    worstLag = Math.max(worstLag, lag);
                    System.out.printf("| %d | %d | %,d | %d s |%n", m, req, sim.stats().barsServed() - bars0, lag);
                }
                System.out.printf("%nmean %.1f requests a minute = %.1f%% of the quota; worst lag %d s (bound: settle 120 s + period 60 s = 180 s); "
                                + "429s %d; run %d s; daemon alive: %s%n", (double) totalRequests / minutes, 100.0 * totalRequests / minutes / 200,
                        worstLag, sim.stats().quotaViolations(), Duration.between(started, Instant.now()).toSeconds(), p.isAlive());
            } finally {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
    }

    /** Now minus the oldest checkpoint of the feed: how far behind the live edge its laggard is; 0 before any. */
    private static long lagSeconds(String db) {
        try (Connection c = DriverManager.getConnection(db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MIN(ingested_until), COUNT(*) FROM ingest_checkpoint")) {
            if (!rs.next() || rs.getString(1) == null) {
                return 0;
            }
            return Duration.between(Instant.parse(rs.getString(1)), Instant.now()).toSeconds();
        } catch (Exception busy) {
            return 0;
        }
    }
}
