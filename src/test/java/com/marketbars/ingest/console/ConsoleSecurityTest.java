package com.marketbars.ingest.console;

import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.dlq.ReplayRequest;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.support.ChildJvm;
import com.marketbars.ingest.support.ConsoleClient;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.HeadlessChromium;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management port with the default settings on loopback and no {@link ConsoleAccess#TOKEN_ENV}, as a daemon in a
 * JVM of its own, attacked as a web page of another site in the operator's browser would: a rebound name, a
 * cross-site "simple" POST, an action by GET, and Jolokia asked to run JVM operations. Each is refused before anything
 * is done (the DLQ row is still there); the token printed once at start opens the console in a real browser.
 * <p>
 * The attacks meet one daemon, started once for the class: a daemon's start is most of each spec's time and CPU, and
 * none of the refusals depends on what an earlier request did.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSecurityTest {
    private static final String FEED = "alpaca_bars_1min";
    private static final Pattern PRINTED_URL = Pattern.compile("Console: (http://127\\.0\\.0\\.1:\\d+/console/#token=([A-Za-z0-9_-]+))");

    @TempDir
    static Path dir;   // static: a per-class instance's @TempDir field is not there yet in @BeforeAll
    private IngestFixture fixture;
    private Process daemon;
    private Database db;
    private DeadLetterStore dlq;
    private int port;
    private long row;
    private String url;
    private String token;

    /** One daemon for the class: each spec leaves it as it found it (running, its row seeded again before the next). */
    @BeforeAll
    void start() throws Exception {
        fixture = IngestFixture.start(dir, new SimulatorSettings(), GroundTruth.symbols(2));
        db = Database.open(fixture.dbUrl, 2);
        dlq = new DeadLetterStore(db, Clock.systemUTC());

        port = ConsoleClient.freePort();
        List<String> args = new ArrayList<>(List.of("run"));
        Map<String, String> s = fixture.settings();
        s.put("ingest.scheduler.enabled", "false");
        s.put("camel.management.enabled", "true");
        s.put("camel.management.port", String.valueOf(port));   // host: the default, 127.0.0.1
        s.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        daemon = ChildJvm.start(dir.resolve("daemon.log"), Map.of(), args);
        Matcher printed = awaitPrintedUrl();
        url = printed.group(1);
        token = printed.group(2);
    }

    /** The row every spec tries to act on; recorded again where a spec before discarded it (the same row otherwise). */
    @BeforeEach
    void seedDeadLetter() {
        Instant hour = Instant.parse("2026-11-18T15:00:00Z");
        dlq.record(FEED, new ReplayRequest(FEED, List.of(GroundTruth.symbols(2).get(0)), hour, hour.plus(Duration.ofHours(1))),
                "HTTP 503 (seeded by the spec)", 0, Instant.now().plus(Duration.ofHours(1)), false);
        row = dlq.list(FEED, false).get(0).id();
    }

    @AfterAll
    void stop() throws Exception {
        if (daemon != null) {
            daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (db != null) {
            db.close();
        }
        fixture.close();
    }

    @Test
    void withoutTheTokenTheApiJolokiaMetricsAndHealthAnswer401AndOnlyTheProbesAndThePageAreOpen() throws Exception {
        ConsoleClient anonymous = new ConsoleClient(port, null);
        for (String path : List.of("/api/feeds", "/api/dlq", "/observe/jolokia/version",
                "/observe/jolokia/read/market-bars-ingest:type=Feed,name=" + FEED + "/Running", "/observe/metrics", "/observe/health")) {
            assertThat(anonymous.get(path).status()).as(path).isEqualTo(401);
            assertThat(new ConsoleClient(port, token + "x").get(path).status()).as(path + " with a wrong token").isEqualTo(401);
            assertThat(new ConsoleClient(port, token).get(path).status()).as(path + " with the token").isEqualTo(200);
        }
        assertThat(anonymous.get("/observe/health/live").status()).as("a probe on loopback").isEqualTo(200);
        assertThat(anonymous.get("/observe/health/ready").status()).as("a probe on loopback").isIn(200, 503);
        assertThat(anonymous.get("/console/").status()).isEqualTo(200);
        assertThat(anonymous.post("/api/dlq/" + row + "/discard?feed=" + FEED, "{\"reason\":\"no token\"}").status()).isEqualTo(401);
        assertThat(dlq.get(row)).isPresent();

        String log = Files.readString(dir.resolve("daemon.log"));
        assertThat(log.split(Pattern.quote(token), -1)).as("the token appears once: in the printed URL").hasSize(2);
        assertThat(log).contains("Console at http://127.0.0.1:" + port + "/console/ (token made for this run");
    }

    @Test
    void aRequestForAnotherHostNameIsRefusedBeforeAnyWorkEvenWithTheToken() throws Exception {
        ConsoleClient withToken = new ConsoleClient(port, token);
        String rebound = "evil.example:" + port;
        ConsoleClient.Answer feeds = withToken.raw("GET", "/api/feeds", Map.of("Host", rebound), null);
        assertThat(feeds.status()).isEqualTo(421);
        assertThat(feeds.body()).doesNotContain(FEED);
        assertThat(withToken.raw("POST", "/api/dlq/" + row + "/discard?feed=" + FEED,
                Map.of("Host", rebound, "Content-Type", "application/json"), "{\"reason\":\"rebound\"}").status()).isEqualTo(421);
        assertThat(dlq.get(row)).as("nothing done").isPresent();
        assertThat(withToken.raw("GET", "/observe/jolokia/version", Map.of("Host", rebound), null).status()).isEqualTo(421);
        assertThat(new ConsoleClient(port, null).raw("GET", "/observe/health/live", Map.of("Host", rebound), null).status()).isEqualTo(421);
        assertThat(withToken.raw("GET", "/console/", Map.of("Host", rebound), null).status()).isEqualTo(421);
        assertThat(withToken.raw("GET", "/api/feeds", Map.of("Host", "localhost:" + port), null).status()).as("localhost is ours").isEqualTo(200);
    }

    @Test
    void aCrossSiteSimplePostIsRefusedAndTheDlqRowStays() throws Exception {
        String discard = "/api/dlq/" + row + "/discard?feed=" + FEED;
        // what a page of evil.example sends with fetch(..., {mode: 'no-cors', method: 'POST', body: ...}): no preflight
        ConsoleClient.Answer csrf = new ConsoleClient(port, null).raw("POST", discard,
                Map.of("Origin", "http://evil.example", "Content-Type", "text/plain;charset=UTF-8"), "{\"reason\":\"csrf\"}");
        assertThat(csrf.status()).isEqualTo(403);
        // the same from another site even with the token, and from our own origin as a form would send it
        ConsoleClient withToken = new ConsoleClient(port, token);
        assertThat(withToken.raw("POST", discard, Map.of("Origin", "http://evil.example", "Content-Type", "application/json"),
                "{\"reason\":\"csrf\"}").status()).isEqualTo(403);
        assertThat(withToken.raw("POST", discard, Map.of("Origin", "http://127.0.0.1:" + port, "Content-Type", "text/plain"),
                "{\"reason\":\"csrf\"}").status()).isEqualTo(415);
        assertThat(withToken.raw("POST", discard, Map.of("Content-Type", "application/x-www-form-urlencoded"), "reason=csrf").status())
                .isEqualTo(415);
        assertThat(dlq.get(row)).as("the DLQ row is still there").isPresent();
        assertThat(dlq.audit(FEED)).as("nothing audited").isEmpty();

        // an action by GET (a link, an <img>) is not served at all
        assertThat(withToken.get(discard).status()).isEqualTo(405);
        assertThat(withToken.get("/api/dlq/" + row + "/retry?feed=" + FEED).status()).isEqualTo(405);
        assertThat(dlq.get(row)).isPresent();

        // the console's own page, same origin, JSON and the token: done
        assertThat(withToken.raw("POST", discard, Map.of("Origin", "http://127.0.0.1:" + port, "Content-Type", "application/json"),
                "{\"reason\":\"spec\"}").status()).isEqualTo(200);
        assertThat(dlq.get(row)).isEmpty();
    }

    @Test
    void jolokiaReadsOurMBeansButRunsNoJvmOperationAndNothingByGet() throws Exception {
        ConsoleClient withToken = new ConsoleClient(port, token);
        String source = "market-bars-ingest:type=Feed,name=" + FEED;
        ConsoleClient.Answer running = withToken.get("/observe/jolokia/read/" + source + "/Running");
        assertThat(running.status()).isEqualTo(200);
        assertThat(running.json().get("value").asBoolean()).as(running.body()).isTrue();

        // by GET, as an <img> would: refused before Jolokia sees it, whatever the path or its p= parameter says
        assertThat(withToken.get("/observe/jolokia/exec/java.lang:type=Memory/gc").status()).isEqualTo(405);
        assertThat(withToken.get("/observe/jolokia/exec/com.sun.management:type=DiagnosticCommand/vmSystemProperties").status()).isEqualTo(405);
        assertThat(withToken.get("/observe/jolokia/?p=/exec/java.lang:type=Memory/gc").status()).isEqualTo(405);
        assertThat(withToken.get("/observe/jolokia/write/" + source + "/Running/false").status()).isEqualTo(405);

        // by POST with the token: the policy denies every JVM operation and read
        for (String request : List.of(
                "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}",
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"vmSystemProperties\"}",
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\",\"operation\":\"dumpHeap\",\"arguments\":[\"" + dir.resolve("heap.hprof") + "\",true]}",
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"SystemProperties\"}",
                "{\"type\":\"exec\",\"mbean\":\"market-bars-ingest:type=DeadLetterQueue,name=" + FEED + "\",\"operation\":\"discard\",\"arguments\":[" + row + ",\"jmx\"]}",
                "{\"type\":\"write\",\"mbean\":\"" + source + "\",\"attribute\":\"Running\",\"value\":false}")) {
            ConsoleClient.Answer denied = withToken.post("/observe/jolokia", request);
            assertThat(denied.json().get("status").asInt()).as(request + " -> " + denied.body()).isEqualTo(403);
            assertThat(denied.body()).doesNotContain("java.home");
        }
        assertThat(Files.exists(dir.resolve("heap.hprof"))).as("no heap dumped").isFalse();
        assertThat(dlq.get(row)).isPresent();
        assertThat(withToken.post("/observe/jolokia", "{\"type\":\"list\"}").body()).doesNotContain("DiagnosticCommand", "HotSpotDiagnostic");

        // what the docs name is allowed: pause, seen as Running=false, and resume
        assertThat(withToken.post("/observe/jolokia", "{\"type\":\"exec\",\"mbean\":\"" + source + "\",\"operation\":\"pause\"}")
                .json().get("status").asInt()).isEqualTo(200);
        assertThat(withToken.get("/observe/jolokia/read/" + source + "/Running").json().get("value").asBoolean()).isFalse();
        assertThat(withToken.post("/observe/jolokia", "{\"type\":\"exec\",\"mbean\":\"" + source + "\",\"operation\":\"resume\"}")
                .json().get("status").asInt()).isEqualTo(200);

        // another site's page, even one that had the token, and a POST that is not JSON
        assertThat(withToken.raw("POST", "/observe/jolokia", Map.of("Origin", "http://evil.example", "Content-Type", "application/json"),
                "{\"type\":\"version\"}").status()).isEqualTo(403);
        assertThat(withToken.raw("POST", "/observe/jolokia", Map.of("Content-Type", "text/plain"), "{\"type\":\"version\"}").status())
                .isEqualTo(415);
    }

    @Test
    void thePrintedUrlOpensTheConsoleInABrowserWhichKeepsTheTokenOutOfTheAddressBar() throws Exception {
        ChromeDriver browser = HeadlessChromium.start(dir.resolve("chromium-profile"));
        try {
            browser.get(url);
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
            assertThat(browser.findElement(By.cssSelector("#feeds tr[data-feed='" + FEED + "'] .state-running")).getText()).isEqualTo("running");
            assertThat(browser.findElement(By.id("error")).isDisplayed()).as("no error shown").isFalse();
            assertThat(browser.getCurrentUrl()).isEqualTo("http://127.0.0.1:" + port + "/console/");
            browser.navigate().refresh();   // kept in the tab's sessionStorage
            wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
            assertThat(browser.findElements(By.cssSelector("#feeds tr[data-feed='" + FEED + "']"))).hasSize(1);

            // the page without the token asks for it
            browser.get("http://127.0.0.1:" + port + "/console/");
            browser.executeScript("sessionStorage.clear()");
            browser.navigate().refresh();
            wait.until(d -> d.findElement(By.id("token-form")).isDisplayed());
        } finally {
            browser.quit();
        }
    }

    private Matcher awaitPrintedUrl() throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Path log = dir.resolve("daemon.log");
        while (true) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            Matcher m = PRINTED_URL.matcher(text);
            if (m.find()) {
                return m;
            }
            assertThat(daemon.isAlive()).as("the daemon runs: " + text).isTrue();
            assertThat(System.nanoTime()).as("the console's URL is printed: " + text).isLessThan(until);
            Thread.sleep(100);
        }
    }
}
