package com.marketbars.ingest.observability;

import com.marketbars.ingest.checkpoint.IngestJobs;
import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.pipeline.FeedControl;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The health and Prometheus endpoints an operator or Kubernetes probes, served on 127.0.0.1 when enabled. */
class HealthAndMetricsTest {
    @TempDir
    Path dir;
    IngestFixture fixture;
    IngestRuntime runtime;
    String base;
    static final String TOKEN = "health-spec-token-0123456789";
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        fixture = IngestFixture.start(dir, new SimulatorSettings(), GroundTruth.symbols(2));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> settings = fixture.settings();
        settings.put("ingest.scheduler.enabled", "false");
        settings.put("camel.management.enabled", "true");
        settings.put("camel.management.port", String.valueOf(port));
        settings.put("ingest.start", Instant.now().truncatedTo(ChronoUnit.DAYS).minus(4, ChronoUnit.DAYS).toString());
        runtime = IngestRuntime.start(null, settings, Map.of(com.marketbars.ingest.console.ConsoleAccess.TOKEN_ENV, TOKEN));
        base = "http://127.0.0.1:" + port;
    }

    @AfterEach
    void stop() {
        runtime.bean("Feeds", com.marketbars.ingest.feeds.Feeds.class).chosen(null).circuit().reset();
        runtime.stop();
        fixture.close();
    }

    @Test
    void readinessCoversTheDatabaseTheCircuitAndTheSourceAndGoesDownWithThem() throws Exception {
        HttpResponse<String> ready = get("/observe/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"database\"", "\"vendor-circuit-alpaca_bars_1min\"", "\"feed-alpaca_bars_1min\"", "\"UP\"");

        runtime.bean("Feeds", com.marketbars.ingest.feeds.Feeds.class).chosen(null).circuit().transitionToOpenState();
        HttpResponse<String> open = get("/observe/health/ready");
        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(open.body()).contains("vendor circuit OPEN");
        assertThat(get("/observe/health/live").statusCode()).as("an open circuit is not a reason to restart").isEqualTo(200);

        runtime.bean("Feeds", com.marketbars.ingest.feeds.Feeds.class).chosen(null).circuit().transitionToClosedState();
        runtime.bean("Feeds", com.marketbars.ingest.feeds.Feeds.class).chosen(null).control().stop("paused for the test");
        HttpResponse<String> paused = get("/observe/health/ready");
        assertThat(paused.statusCode()).isEqualTo(503);
        assertThat(paused.body()).contains("paused for the test");
    }

    @Test
    void prometheusShowsOurFiguresBesideCamelsRouteMetrics() throws Exception {
        // first a DLQ pass sent by a template, as the daemon's triggers send one at start: its exchange has no route, so
        // its event timers have no routeId (CAMEL-23719) ...
        runtime.context().createProducerTemplate().sendBody(com.marketbars.ingest.dlq.RetryWorker.DUE_TRIGGER, null);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> get("/observe/metrics").body().contains("routeId=\"\""));
        // ... then the job, whose calls to the vendor happen inside the route
        runtime.context().createProducerTemplate().requestBody("direct:ingest-job",
                runtime.bean("Feeds", com.marketbars.ingest.feeds.Feeds.class).chosen(null).jobs().scheduled());
        long rows = GroundTruth.count(fixture.dbUrl);

        HttpResponse<String> metrics = get("/observe/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("ingest_bars_total{kind=\"new\",source=\"alpaca_bars_1min\"} " + (double) rows)
                .contains("ingest_lag_seconds{source=\"alpaca_bars_1min\"}")
                .contains("ingest_dlq_depth{source=\"alpaca_bars_1min\"} 0.0")
                .contains("ingest_vendor_circuit_open{source=\"alpaca_bars_1min\"} 0.0")
                .contains("ingest_quota_requests_total{account=\"alpaca\"}")
                .contains("ingest_quota_in_flight{account=\"alpaca\"}")
                .contains("ingest_quota_rate_limited_last_hour{account=\"alpaca\"}")
                .containsPattern("camel_exchanges_total\\{[^}]*routeId=\"fetch-page-alpaca_bars_1min\"")
                // the timers of the calls to the vendor, from inside a route, beside those of the exchange the template
                // sent (no route): before IngestMetrics.newRegistry's filter Prometheus refused the second set of tags
                .containsPattern("camel_exchange_event_notifier_seconds_count\\{[^}]*endpointName=\"http://127\\.0\\.0\\.1:\\d+/v2/stocks/bars\""
                        + "[^}]*routeId=\"ingest-job\"")
                .containsPattern("camel_exchange_event_notifier_seconds_count\\{[^}]*endpointName=\"seda://dlq-due[^}]*routeId=\"\"");
        assertThat(rows).isPositive();
    }

    private HttpResponse<String> get(String path) throws Exception {
        // the probes are open on loopback, the metrics need the token: it is sent to both
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
