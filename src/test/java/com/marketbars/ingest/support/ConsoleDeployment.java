package com.marketbars.ingest.support;

import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.simulator.SimulatorSettings;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A deployment started in the test's JVM with its management port on (the console, its API, Jolokia): a SQLite file,
 * the vendor simulator on loopback, no schedule (the spec runs catch-ups itself), DLQ rows not due for an hour. Its
 * environment gives the console the token {@link #TOKEN}: a token made at random is printed on this JVM's stdout, which
 * the specs of the printed URL read from a daemon of its own ({@code console/ConsoleSecurityTest}).
 */
public final class ConsoleDeployment implements AutoCloseable {
    public static final String TOKEN = "console-spec-token-0123456789";
    public final IngestFixture fixture;
    public final IngestRuntime runtime;
    public final int port;

    private ConsoleDeployment(IngestFixture fixture, IngestRuntime runtime, int port) {
        this.fixture = fixture;
        this.runtime = runtime;
        this.port = port;
    }

    /** @param extra settings of the spec (ingest.start, a quota ...) */
    public static ConsoleDeployment start(Path dir, List<String> universe, Instant start, Map<String, String> extra) throws Exception {
        IngestFixture fixture = IngestFixture.start(dir, new SimulatorSettings(), universe);
        int port = ConsoleClient.freePort();
        Map<String, String> settings = fixture.settings();
        settings.put("ingest.scheduler.enabled", "false");
        settings.put("ingest.start", start.toString());
        settings.put("ingest.dlq.retry-initial-delay", "PT1H");
        settings.put("camel.management.enabled", "true");
        settings.put("camel.management.port", String.valueOf(port));
        settings.putAll(extra);
        try {
            return new ConsoleDeployment(fixture, IngestRuntime.start(null, settings,
                    Map.of(com.marketbars.ingest.console.ConsoleAccess.TOKEN_ENV, TOKEN)), port);
        } catch (Exception | Error e) {
            fixture.close();
            throw e;
        }
    }

    /** The API as the page uses it, with the token. */
    public ConsoleClient client() {
        return new ConsoleClient(port, TOKEN);
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        runtime.stop();
        fixture.close();
    }
}
