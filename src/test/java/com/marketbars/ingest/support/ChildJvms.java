package com.marketbars.ingest.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The child JVMs a spec started ({@link ChildJvm}): closed when the spec ends, each still running is SIGKILLed and
 * waited for, so that none outlives its spec and holds a lock, a port or a database the next spec needs.
 */
public final class ChildJvms implements AutoCloseable {
    private final List<Process> started = new ArrayList<>();

    /** {@code command}, then each setting as {@code --set KEY=VALUE}; stdout and stderr to {@code log}. */
    public Process start(Path log, Map<String, String> settings, String... command) throws Exception {
        return track(ChildJvm.start(log, settings, command));
    }

    /** {@code command} followed by each setting as {@code --set KEY=VALUE}. */
    public Process start(Path log, Map<String, String> settings, List<String> command) throws Exception {
        return start(log, settings, command.toArray(String[]::new));
    }

    /** In the order they were started. */
    public List<Process> started() {
        return List.copyOf(started);
    }

    private Process track(Process p) {
        started.add(p);
        return p;
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        started.clear();
    }
}
