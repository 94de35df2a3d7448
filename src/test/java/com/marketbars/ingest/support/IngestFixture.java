package com.marketbars.ingest.support;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorSimulator;
import com.marketbars.ingest.store.SqlDialect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulator on loopback, a database of the test's own (a fresh SQLite file in the test's temp dir, or a copy of a
 * migrated PostgreSQL database: {@link TestDatabase#migrated}) and a universe file, and the settings that join them.
 */
public final class IngestFixture implements AutoCloseable {
    public final VendorSimulator sim;
    public final String dbUrl;
    private final TestDatabase database;
    private final Path universeFile;

    private IngestFixture(VendorSimulator sim, TestDatabase database, Path dir) {
        this.sim = sim;
        this.database = database;
        this.dbUrl = database.url();
        this.universeFile = dir.resolve("universe.txt");
    }

    /** On a SQLite file. */
    public static IngestFixture start(Path dir, SimulatorSettings simulator, List<String> universe) throws IOException {
        return start(SqlDialect.SQLITE, dir, simulator, universe);
    }

    /** Skips the calling test (fails it under CI) when the dialect is PostgreSQL and no server answers. */
    public static IngestFixture start(SqlDialect dialect, Path dir, SimulatorSettings simulator, List<String> universe) throws IOException {
        TestDatabase database = TestDatabase.migrated(dialect, dir);   // first: a skip must not leave a simulator running
        IngestFixture f = new IngestFixture(VendorSimulator.start(0, simulator), database, dir);
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
        s.put("ingest.account.quota", "none");
        // a day back, whatever the day: the operator's default (sessions:1) reaches back over a weekend on a Monday,
        // three times the catch-up, and the specs' run time would depend on the day of the week
        s.put("ingest.start", "P1D");
        // every window asked for, at any hour: a spec of the daemon at "now" behaves the same at night and on a Sunday
        // (the calendar's skipping of closed windows has specs of its own, which set skip)
        s.put("ingest.closed-days", "ask");
        s.put("camel.main.jmx-enabled", "false");
        return PromptStop.addTo(s);
    }

    /** Stops the simulator and removes the database; the application's connections must be closed by then. */
    @Override
    public void close() {
        sim.close();
        database.close();
    }
}
