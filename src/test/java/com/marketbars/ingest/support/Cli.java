package com.marketbars.ingest.support;

import com.marketbars.ingest.cli.IngestCommand;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the real command line in this JVM, with settings given as --set KEY=VALUE, and captures stderr, and stdout,
 * which still reaches the stdout it replaces (a spec may capture it around this).
 */
public final class Cli {
    public record Result(int exitCode, String stderr, String stdout) {
    }

    private Cli() {
    }

    public static Result run(Map<String, String> settings, String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        settings.forEach((k, v) -> {
            argv.add("--set");
            argv.add(k + "=" + v);
        });
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(tee(out, originalOut), true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new IngestCommand()).execute(argv.toArray(new String[0]));
            return new Result(code, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
    }

    private static OutputStream tee(ByteArrayOutputStream copy, PrintStream to) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                copy.write(b);
                to.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                copy.write(b, off, len);
                to.write(b, off, len);
            }

            @Override
            public void flush() {
                to.flush();
            }
        };
    }
}
