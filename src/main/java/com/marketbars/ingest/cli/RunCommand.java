package com.marketbars.ingest.cli;

import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** The scheduled daemon: runs the ingest routes until SIGTERM / Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the scheduled ingest (the default). Catches up from the checkpoint, then follows the present.")
public class RunCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>(common.overrides);
        overrides.putIfAbsent("ingest.scheduler.enabled", "true");
        Main main = IngestRuntime.newMain(common.config, overrides);
        return Failures.exitCode(() -> {
            main.run();
            return main.getExitCode();
        });
    }
}
