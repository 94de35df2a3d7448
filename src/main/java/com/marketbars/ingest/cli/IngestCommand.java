package com.marketbars.ingest.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** The top-level command; with no subcommand it runs the scheduled daemon, as {@code run} does. */
@Command(name = "market-bars-ingest",
        mixinStandardHelpOptions = true,
        version = "market-bars-ingest 0.1.0",
        description = "Loss-free ingestion of 1-minute OHLCV bars from rate-limited market-data vendors.",
        subcommands = {RunCommand.class, BackfillCommand.class, StatusCommand.class, GapsCommand.class, DlqCommand.class, SimulateCommand.class})
public final class IngestCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        RunCommand run = new RunCommand();
        run.common = common;
        return run.call();
    }
}
