package com.marketbars.ingest.cli;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Serves the vendor simulator alone on 127.0.0.1 until interrupted. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Serve the Alpaca-compatible vendor simulator on 127.0.0.1 (GET /v2/stocks/bars; /sim/stats, /sim/config).")
public final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8089", description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--quota", paramLabel = "N", defaultValue = "0", description = "Requests allowed per --quota-period; 0 = no quota.")
    int quota;

    @Option(names = "--quota-period-ms", defaultValue = "60000", description = "Quota period in milliseconds (default ${DEFAULT-VALUE}).")
    long quotaPeriodMillis;

    @Option(names = "--fault", paramLabel = "KEY=VALUE",
            description = "A fault setting, repeatable: latencyMillis, jitterMillis, errorRate, rateLimitRate, hangRate, hangMillis, "
                    + "truncateRate, malformedRate, failingSymbol, outage, seed. Changeable later with POST /sim/config?KEY=VALUE.")
    Map<String, String> faults = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        SimulatorSettings settings = new SimulatorSettings();
        settings.set("quotaRequests", String.valueOf(quota));
        settings.set("quotaPeriodMillis", String.valueOf(quotaPeriodMillis));
        try {
            faults.forEach(settings::set);
        } catch (IllegalArgumentException e) {
            System.err.println("Invalid --fault: " + e.getMessage());
            return 2;
        }
        try (VendorSimulator sim = VendorSimulator.start(port, settings)) {
            System.out.println("Vendor simulator on " + sim.baseUrl() + "  settings " + settings.asMap());
            System.out.println("Point the ingest at it: --set ingest.vendor.url=" + sim.baseUrl());
            CountDownLatch forever = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
            forever.await();
        }
        return 0;
    }
}
