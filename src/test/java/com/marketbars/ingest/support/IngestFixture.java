package com.marketbars.ingest.support;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorSimulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A simulator on loopback, a SQLite file and a universe file in a test's temp dir, and the settings that join them. */
public final class IngestFixture implements AutoCloseable {
    public final VendorSimulator sim;
    public final String dbUrl;
    private final Path universeFile;

    private IngestFixture(VendorSimulator sim, Path dir) {
        this.sim = sim;
        this.dbUrl = "jdbc:sqlite:" + dir.resolve("market.db");
        this.universeFile = dir.resolve("universe.txt");
    }

    public static IngestFixture start(Path dir, SimulatorSettings simulator, List<String> universe) throws IOException {
        IngestFixture f = new IngestFixture(VendorSimulator.start(0, simulator), dir);
        f.universe(universe);
        return f;
    }

    /** Replaces the configured universe. */
    public void universe(List<String> symbols) throws IOException {
        Files.write(universeFile, symbols);
    }

    /** The settings every test run needs; a test adds its own. Rate limiting is off unless a test turns it on. */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("ingest.db.url", dbUrl);
        s.put("ingest.vendor.url", sim.baseUrl());
        s.put("ingest.universe", "file:" + universeFile);
        s.put("ingest.rate.enabled", "false");
        s.put("camel.main.jmx-enabled", "false");
        return s;
    }

    @Override
    public void close() {
        sim.close();
    }
}
