package com.marketbars.ingest.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Starts the real command line in a separate JVM (the test class path), so a test can SIGKILL it or read its log. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** The test class path without empty entries: an empty entry means the working directory, whose routes/ would load twice. */
    static List<String> testClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator)).filter(e -> !e.isBlank()).toList();
    }

    /**
     * This JVM's java with the launcher's compiler and collector (bin/market-bars-ingest) and the children's heap: the
     * children run as an operator's process does, and start on less CPU - many of them start beside each other in the forks.
     */
    static List<String> java() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    }

    /** @param log where stdout and stderr go; the command line is written beside it as NAME.cmd */
    public static Process start(Path log, Map<String, String> env, List<String> args) throws Exception {
        // and the launcher's class-data sharing and SQLite library (ChildClassPath)
        List<String> cmd = new ArrayList<>(java());
        cmd.addAll(ChildClassPath.jvmArgs());
        cmd.add("com.marketbars.ingest.Main");
        cmd.addAll(args);
        Files.createDirectories(log.getParent());
        Files.writeString(log.resolveSibling(log.getFileName() + ".cmd"), String.join("\n", cmd));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** {@code command}, then each setting as {@code --set KEY=VALUE}. */
    public static Process start(Path log, Map<String, String> settings, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        return start(log, Map.of(), args);
    }
}
