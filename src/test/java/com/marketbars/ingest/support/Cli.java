package com.marketbars.ingest.support;

import com.marketbars.ingest.cli.IngestCommand;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the real command line in this JVM, with settings given as --set KEY=VALUE, and captures stderr. */
public final class Cli {
    public record Result(int exitCode, String stderr) {
    }

    private Cli() {
    }

    public static Result run(Map<String, String> settings, String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        settings.forEach((k, v) -> {
            argv.add("--set");
            argv.add(k + "=" + v);
        });
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new IngestCommand()).execute(argv.toArray(new String[0]));
            return new Result(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
