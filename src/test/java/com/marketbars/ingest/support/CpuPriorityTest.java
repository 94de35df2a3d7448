package com.marketbars.ingest.support;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the build's CPU priorities rest on: every thread of the fork changes, and what it starts later inherits. */
class CpuPriorityTest {

    @Test
    void reniceSetsEveryThreadOfTheJvmAndLaterThreadsAndProcessesInheritIt() throws Exception {
        Assumptions.assumeTrue(CpuPriority.mayLowerNice(), "a process may not lower its nice value here (not root), nor may the build's priorities");
        CountDownLatch release = new CountDownLatch(1);
        Thread earlier = new Thread(() -> awaitQuietly(release), "started-before");
        earlier.start();
        int before = niceOf(Path.of("/proc/self/stat"));
        try {
            CpuPriority.renice(7);
            assertThat(threadNices()).as("every thread of this JVM").containsOnly(7);

            Thread later = new Thread(() -> awaitQuietly(release), "started-after");
            later.start();
            Process child = new ProcessBuilder("sh", "-c", "cut -d ' ' -f 19 /proc/$$/stat").start();
            assertThat(threadNices()).as("a thread started after").containsOnly(7);
            assertThat(new String(child.getInputStream().readAllBytes()).strip()).as("a process started after").isEqualTo("7");
        } finally {
            release.countDown();
            CpuPriority.renice(before);   // as the build's extension left this fork
        }
    }

    private static List<Integer> threadNices() throws Exception {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.map(t -> t.resolve("stat")).filter(Files::exists).map(CpuPriorityTest::niceOf)
                    .filter(n -> n != Integer.MIN_VALUE).distinct().toList();
        }
    }

    /** The 19th field of a /proc stat line, counted after the command name in parentheses (which may hold spaces). */
    private static int niceOf(Path stat) {
        try {
            String s = Files.readString(stat);
            return Integer.parseInt(s.substring(s.lastIndexOf(')') + 2).split(" ")[16]);
        } catch (java.io.IOException e) {
            return Integer.MIN_VALUE;   // a thread that ended between the listing and the read
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
