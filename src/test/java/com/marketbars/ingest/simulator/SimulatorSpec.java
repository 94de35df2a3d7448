package com.marketbars.ingest.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;

/** A fresh simulator on an ephemeral loopback port for each spec, with default settings, and a client to it. */
abstract class SimulatorSpec {
    protected VendorSimulator sim;
    protected SimulatorClient client;

    @BeforeEach
    void startSimulator() throws IOException {
        sim = VendorSimulator.start(0, new SimulatorSettings());
        client = new SimulatorClient(sim);
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }
}
