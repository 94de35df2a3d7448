package com.marketbars.ingest.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The build's specs share two cores by CPU priority instead of by luck: while a {@link RealTimeBounds} class runs, its
 * fork works at the normal nice value 0, while every other class's fork works at {@value #BACKGROUND}, so the kernel
 * gives the CPU to the real-time specs first and the rest of the build only what they leave. That is what lets them run
 * beside the others (pom.xml) instead of in a phase of their own where the cores stood half idle.
 * <p>
 * Registered for every class by JUnit's extension autodetection (src/test/resources), active only where the build asks
 * for it ({@code -Dspecs.cpu-priority=true} in the forks' argLine), so a spec run from an IDE is left alone. Linux keeps a
 * nice value per thread: each of the fork's threads is set, and threads and processes started later inherit it from
 * the thread that starts them. Raising a nice value needs no privilege; lowering it back to 0 does (root, as CI runs):
 * where a process may not lower its own, nothing is changed at all, so the real-time specs never sit below the others,
 * and the reason is printed once.
 */
public final class CpuPriority implements BeforeAllCallback, AfterAllCallback {
    /** The nice value of the specs that are not real-time: it weighs 110 against nice 0's 1024 in the kernel's share. */
    static final int BACKGROUND = 10;
    private static final boolean ACTIVE = Boolean.getBoolean("specs.cpu-priority") && mayLowerNice();
    /** Set once a renice failed: from then on this JVM changes nothing. */
    private static volatile boolean failed;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ACTIVE && topLevel(context)) {
            renice(realTime(context) ? 0 : BACKGROUND);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (ACTIVE && topLevel(context) && realTime(context)) {
            renice(BACKGROUND);
        }
    }

    /** A spec class rather than a nested one: its parent is the engine's context, which has none. */
    private static boolean topLevel(ExtensionContext context) {
        return context.getParent().flatMap(ExtensionContext::getParent).isEmpty();
    }

    private static boolean realTime(ExtensionContext context) {
        return context.getRequiredTestClass().isAnnotationPresent(RealTimeBounds.class);
    }

    /** Every thread of this JVM to this nice value, with one {@code renice} of all their ids. */
    static synchronized void renice(int nice) {
        if (failed) {
            return;
        }
        // --priority: the value itself (-n is an increment in POSIX, and in renice versions that follow it)
        List<String> cmd = new ArrayList<>(List.of("renice", "--priority", String.valueOf(nice), "-p"));
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.map(p -> p.getFileName().toString()).forEach(cmd::add);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0 && !out.contains("No such process")) {   // a thread that ended meanwhile is no failure
                fail(String.join(" ", cmd) + ": " + out.strip());
            }
        } catch (IOException e) {
            fail(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void fail(String why) {
        failed = true;
        System.err.println("CpuPriority: this fork changes no nice value from here on: " + why);
    }

    /**
     * Whether a process of this user may lower its nice value again: a shell raises its own, lowers it back and reads
     * that it is 0 (the 19th field of its /proc stat).
     */
    static boolean mayLowerNice() {
        if (!Files.isDirectory(Path.of("/proc/self/task"))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("sh", "-c",
                    "renice --priority 1 -p $$ && renice --priority 0 -p $$ && test \"$(cut -d ' ' -f 19 /proc/$$/stat)\" = 0").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() == 0) {
                return true;
            }
            System.err.println("CpuPriority: no CPU priorities between the specs, a process may not lower its nice value here: " + out.strip());
        } catch (Exception e) {
            System.err.println("CpuPriority: no CPU priorities between the specs: " + e);
        }
        return false;
    }
}
