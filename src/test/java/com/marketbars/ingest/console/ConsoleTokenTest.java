package com.marketbars.ingest.console;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.support.ChildJvm;
import com.marketbars.ingest.support.ConsoleClient;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management port bound beyond loopback, as a daemon in a JVM of its own with its environment: without a token
 * the process refuses to start, naming the key; with one, the API, Jolokia and health answer 401 to a request without
 * it or with a wrong one, and the page's own files are served to anyone (they hold no data).
 */
class ConsoleTokenTest {
    private static final String TOKEN = "s3cret-console-token-0123";

    @TempDir
    Path dir;
    private IngestFixture fixture;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fixture = IngestFixture.start(dir, new SimulatorSettings(), GroundTruth.symbols(2));
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : children) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        fixture.close();
    }

    private Process daemon(String name, int port, Map<String, String> env) throws Exception {
        List<String> args = new ArrayList<>(List.of("run"));
        Map<String, String> s = fixture.settings();
        s.put("ingest.scheduler.enabled", "false");
        s.put("camel.management.enabled", "true");
        s.put("camel.management.host", "0.0.0.0");
        s.put("camel.management.port", String.valueOf(port));
        s.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        Process p = ChildJvm.start(dir.resolve(name + ".log"), env, args);
        children.add(p);
        return p;
    }

    @Test
    void boundBeyondLoopbackWithoutATokenTheDaemonRefusesToStartNamingTheKey() throws Exception {
        Process p = daemon("no-token", ConsoleClient.freePort(), Map.of());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("it ends by itself").isTrue();
        String log = Files.readString(dir.resolve("no-token.log"));
        assertThat(p.exitValue()).as(log).isEqualTo(2);
        assertThat(log).contains("camel.management.host: 0.0.0.0 is reachable from other machines: set " + ConsoleAccess.TOKEN_ENV);
    }

    @Test
    void withATokenEveryRequestButThePagesFilesMustCarryIt() throws Exception {
        int port = ConsoleClient.freePort();
        daemon("token", port, Map.of(ConsoleAccess.TOKEN_ENV, TOKEN));
        ConsoleClient anonymous = new ConsoleClient(port, null);
        awaitUp(anonymous);

        for (String path : List.of("/api/feeds", "/api/dlq", "/observe/jolokia/read/market-bars-ingest:type=Feed,name=alpaca_bars_1min/Running", "/observe/health", "/observe/metrics")) {
            assertThat(anonymous.get(path).status()).as(path + " without the token").isEqualTo(401);
            assertThat(new ConsoleClient(port, TOKEN + "x").get(path).status()).as(path + " with a wrong token").isEqualTo(401);
            assertThat(new ConsoleClient(port, TOKEN).get(path).status()).as(path + " with the token").isEqualTo(200);
        }
        assertThat(anonymous.post("/api/dlq/1/discard", "{\"reason\":\"x\"}").status()).isEqualTo(401);
        assertThat(anonymous.get("/console/").status()).isEqualTo(200);
        assertThat(anonymous.get("/console/").body()).doesNotContain(TOKEN);
        assertThat(Files.readString(dir.resolve("token.log"))).as("the token is never logged").doesNotContain(TOKEN);
    }

    private static void awaitUp(ConsoleClient c) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                if (c.get("/console/").status() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // the daemon is still starting
            }
            assertThat(System.nanoTime()).as("the daemon serves the console").isLessThan(until);
            Thread.sleep(100);
        }
    }
}
