package com.marketbars.ingest.bench;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorSimulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Quota utilisation against the simulator's strict sliding-window quota: for each vendor latency, a backfill far
 * larger than the quota allows runs in a child JVM (the packaged jar) for a fixed time; we count the requests the
 * vendor served in that time against what its quota allowed, and the violations. Then a run in which the vendor
 * halves its quota half-way, which must complete with violations only at the change.
 * The count starts one period after the first request (past the opening burst a sliding window allows) and
 * lasts a whole number of periods, over which a strict sliding window allows exactly QUOTA x PERIODS requests.
 * Usage: RateLimitBenchmark JAR QUOTA PERIOD_SECONDS PERIODS [CONCURRENCY]
 * System properties: {@code bench.latencies} (comma list of milliseconds, default 0,300,1000), {@code bench.halved=false}
 * to skip the halved-quota run, {@code bench.fetch-ahead} to set ingest.fetch-ahead (default: the jar's own).
 */
public final class RateLimitBenchmark {
    public static void main(String[] args) throws Exception {
        String jar = args[0];
        int quota = Integer.parseInt(args[1]);
        int periodSeconds = Integer.parseInt(args[2]);
        int periods = Integer.parseInt(args[3]);
        int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        Path dir = Files.createTempDirectory("ratebench");
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            symbols.add("" + (char) ('A' + i / 676 % 26) + (char) ('A' + i / 26 % 26) + (char) ('A' + i % 26));
        }
        Files.write(dir.resolve("universe.txt"), symbols);

        System.out.printf("quota %d per %d s, concurrency %d, counted over %d periods after one period of warm-up%n",
                quota, periodSeconds, concurrency, periods);
        System.out.println("| vendor latency | requests served | quota allowed | utilisation | 429 (violations) |");
        System.out.println("|---|---|---|---|---|");
        for (int latency : java.util.Arrays.stream(System.getProperty("bench.latencies", "0,300,1000").split(","))
                .mapToInt(l -> Integer.parseInt(l.trim())).toArray()) {
            SimulatorSettings s = new SimulatorSettings();
            s.quotaRequests = quota;
            s.quotaPeriodMillis = periodSeconds * 1000L;
            s.latencyMillis = latency;
            try (VendorSimulator sim = VendorSimulator.start(0, s)) {
                Process p = backfill(jar, dir, sim, "lat" + latency, quota, periodSeconds, concurrency, 1000, "2026-10-01", "2026-11-01");
                while (sim.stats().requests() == 0 && p.isAlive()) {
                    Thread.sleep(5);
                }
                Thread.sleep(periodSeconds * 1000L);
                long servedBefore = sim.stats().count(200);
                Thread.sleep(periods * periodSeconds * 1000L);
                long served = sim.stats().count(200) - servedBefore;
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                double allowed = (double) quota * periods;
                System.out.printf("| %d ms | %d | %.0f | %.1f%% | %d |%n", latency, served, allowed, 100 * served / allowed,
                        sim.stats().quotaViolations());
            }
        }
        if (!Boolean.parseBoolean(System.getProperty("bench.halved", "true"))) {
            return;
        }

        SimulatorSettings s = new SimulatorSettings();
        s.quotaRequests = quota;
        s.quotaPeriodMillis = periodSeconds * 1000L;
        s.latencyMillis = 100;
        try (VendorSimulator sim = VendorSimulator.start(0, s)) {
            Process p = backfill(jar, dir, sim, "halved", quota, periodSeconds, concurrency, 1000, "2026-11-23", "2026-11-25");
            long halfAt = 0;
            long changedAtMillis = 0;
            long startedMillis = System.currentTimeMillis();
            while (p.isAlive()) {
                if (halfAt == 0 && sim.stats().requests() >= quota) {
                    sim.settings().quotaRequests = quota / 2;
                    halfAt = sim.stats().requests();
                    changedAtMillis = System.currentTimeMillis();
                }
                Thread.sleep(20);
            }
            List<Long> v = sim.stats().violationTimes();
            String when = v.isEmpty() ? "" : String.format(", all between %.1f s and %.1f s after the change (run: %.0f s)",
                    (v.get(0) - changedAtMillis) / 1e3, (v.get(v.size() - 1) - changedAtMillis) / 1e3,
                    (System.currentTimeMillis() - startedMillis) / 1e3);
            System.out.printf("%nquota halved to %d after %d requests: backfill exit %d, %d requests, %d bars served, %d violations%s%n",
                    quota / 2, halfAt, p.exitValue(), sim.stats().requests(), sim.stats().barsServed(), sim.stats().quotaViolations(), when);
        }
    }

    private static Process backfill(String jar, Path dir, VendorSimulator sim, String name, int quota, int periodSeconds,
                                    int concurrency, int pageLimit, String from, String to) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
                "backfill", "--from", from, "--to", to, "--quiet",
                "--set", "ingest.db.url=jdbc:sqlite:" + dir.resolve(name + ".db"),
                "--set", "ingest.vendor.url=" + sim.baseUrl(),
                "--set", "ingest.universe=file:" + dir.resolve("universe.txt"),
                "--set", "ingest.vendor.page-limit=" + pageLimit,
                "--set", "ingest.account.quota=" + quota + "/PT" + periodSeconds + "S",
                "--set", "ingest.concurrency=" + concurrency,
                "--set", "camel.main.jmx-enabled=false"));
        String fetchAhead = System.getProperty("bench.fetch-ahead");
        if (fetchAhead != null) {
            cmd.addAll(List.of("--set", "ingest.fetch-ahead=" + fetchAhead));
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }
}
