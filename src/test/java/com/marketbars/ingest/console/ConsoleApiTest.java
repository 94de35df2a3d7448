package com.marketbars.ingest.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.dlq.ReplayRequest;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.support.ConsoleClient;
import com.marketbars.ingest.support.ConsoleDeployment;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Specs of the console's JSON API over real HTTP, on the management port of a deployment started in this JVM
 * (real SQLite file, the vendor simulator on loopback): what each endpoint answers, the DLQ actions (audited as the
 * CLI's are), and the clear 400 that a bad parameter gets, with nothing changed. The token and a non-loopback
 * binding: {@link ConsoleTokenTest}; other sites, foreign Host names and Jolokia's policy: {@link ConsoleSecurityTest}.
 */
class ConsoleApiTest {
    private static final String FEED = "alpaca_bars_1min";

    @TempDir
    Path dir;
    private ConsoleDeployment deployment;
    private IngestFixture fixture;
    private IngestRuntime runtime;
    private ConsoleClient api;
    private final List<String> universe = GroundTruth.symbols(3);

    @BeforeEach
    void start() throws Exception {
        // four days back: whatever today is, that holds at least two trading sessions (two days back from a Monday
        // morning held none, and the feed's bars counted 0)
        deployment = ConsoleDeployment.start(dir, universe, Instant.now().truncatedTo(ChronoUnit.DAYS).minus(4, ChronoUnit.DAYS),
                Map.of("ingest.account.quota", "200/PT1M"));
        fixture = deployment.fixture;
        runtime = deployment.runtime;
        api = deployment.client();
    }

    @AfterEach
    void stop() {
        if (deployment != null) {
            deployment.close();
        }
    }

    private void catchUp() {
        runtime.context().createProducerTemplate().requestBody("direct:ingest-job",
                runtime.bean("Feeds", Feeds.class).chosen(null).jobs().scheduled());
    }

    @Test
    void feedsAndAccountsAnswerWhatTheDeploymentHoldsAndHowItsQuotaIsUsed() throws Exception {
        catchUp();

        JsonNode feeds = api.get("/api/feeds").json();
        assertThat(feeds).hasSize(1);
        JsonNode f = feeds.get(0);
        assertThat(f.get("name").asText()).isEqualTo(FEED);
        assertThat(f.get("state").asText()).isEqualTo("running");
        assertThat(f.get("runsOn").asText()).isEqualTo("this instance (pid " + ProcessHandle.current().pid() + ")");
        assertThat(f.get("circuit").asText()).isEqualTo("CLOSED");
        assertThat(f.get("symbols").asInt()).isEqualTo(3);
        assertThat(f.get("symbolsNeverIngested").asInt()).isZero();
        assertThat(f.get("checkpoint").asText()).isNotEmpty();
        assertThat(f.get("barsNewSinceStart").asLong()).isEqualTo(GroundTruth.count(fixture.dbUrl)).isPositive();
        assertThat(f.get("dlqRows").asLong()).isZero();

        JsonNode account = api.get("/api/accounts").json().get(0);
        assertThat(account.get("account").asText()).isEqualTo("alpaca");
        assertThat(account.get("quota").asText()).isEqualTo("200/PT1M");
        long requests = fixture.sim.stats().requests();
        assertThat(account.get("limits").get(0).get("sentInWindow").asLong()).as("every request the simulator saw").isEqualTo(requests).isPositive();
        assertThat(account.get("requestsOfThisProcess").asLong()).isEqualTo(requests);
        assertThat(account.get("rateLimitedLastHour").asLong()).isZero();

        runtime.bean("Feeds", Feeds.class).chosen(null).control().stop("paused by an operator over JMX");
        assertThat(api.get("/api/feeds").json().get(0).get("state").asText()).isEqualTo("paused");
    }

    @Test
    void aDlqRowRetriedFromTheApiIsReplayedAndADiscardNeedsAReasonBothAuditedAsTheConsole() throws Exception {
        DeadLetterStore store = runtime.bean("DeadLetterStore", DeadLetterStore.class);
        Instant day = Instant.parse("2026-11-18T15:00:00Z");   // a Wednesday's session hour: the vendor has bars
        store.record(FEED, new ReplayRequest(FEED + "@backfill:x", List.of(universe.get(0)), day, day.plus(Duration.ofHours(1))),
                "HTTP 503", 0, Instant.now().plus(Duration.ofHours(1)), false);
        store.record(FEED, new ReplayRequest(FEED + "@backfill:x", List.of(universe.get(1)), day, day.plus(Duration.ofHours(1))),
                "HTTP 422", 3, Instant.now().plus(Duration.ofHours(1)), true);
        JsonNode rows = api.get("/api/dlq?feed=" + FEED).json();
        assertThat(rows).hasSize(2);
        long toRetry = rows.get(0).get("id").asLong();
        long toDiscard = rows.get(1).get("id").asLong();
        assertThat(api.get("/api/dlq?feed=" + FEED + "&parked=true").json()).singleElement()
                .satisfies(r -> assertThat(r.get("id").asLong()).isEqualTo(toDiscard));

        ConsoleClient.Answer noReason = api.post("/api/dlq/" + toDiscard + "/discard?feed=" + FEED, "{}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("error").asText()).startsWith("reason:");
        assertThat(store.get(toDiscard)).as("nothing changed").isPresent();

        assertThat(api.post("/api/dlq/" + toRetry + "/retry?feed=" + FEED, "").status()).isEqualTo(200);
        awaitUntil(() -> store.get(toRetry).isEmpty(), "the retry pass replays the row");
        assertThat(GroundTruth.count(fixture.dbUrl)).as("its bars written").isPositive();

        assertThat(api.post("/api/dlq/" + toDiscard + "/discard?feed=" + FEED, "{\"reason\": \"delisted\"}").status()).isEqualTo(200);
        assertThat(store.get(toDiscard)).isEmpty();
        assertThat(store.audit(FEED)).extracting(a -> a.dlqId() + " " + a.action() + " " + a.actor())
                .contains(toRetry + " retry-requested console", toRetry + " resolved retry-worker", toDiscard + " discarded console");
        assertThat(store.audit(FEED)).filteredOn(a -> a.action().equals("discarded")).singleElement()
                .satisfies(a -> assertThat(a.reason()).isEqualTo("delisted"));
    }

    @Test
    void backfillsShowEachJobWithItsShardsDoneAndInWork() throws Exception {
        com.marketbars.ingest.backfill.BackfillQueue queue = runtime.bean("BackfillQueue", com.marketbars.ingest.backfill.BackfillQueue.class);
        Instant from = Instant.parse("2026-11-02T00:00:00Z");
        Instant to = Instant.parse("2026-11-06T00:00:00Z");
        long job = queue.submitOrJoin(FEED, from, to, universe, com.marketbars.ingest.model.WriteMode.INSERT_ONLY, "spec",
                id -> com.marketbars.ingest.backfill.ShardCut.cut(id, com.marketbars.ingest.support.Plans.DEFAULT, universe, from, to, 50, Duration.ofDays(1)));
        queue.done(queue.claim(job, "7@elsewhere", Instant.now().plusSeconds(60)).orElseThrow().shard());
        queue.claim(job, "8@elsewhere", Instant.now().plusSeconds(60)).orElseThrow();

        JsonNode b = api.get("/api/backfills").json().get(0);
        assertThat(b.get("id").asLong()).isEqualTo(job);
        assertThat(b.get("feed").asText()).isEqualTo(FEED);
        assertThat(b.get("from").asText()).isEqualTo("2026-11-02T00:00:00Z");
        assertThat(b.get("shards").asInt()).isEqualTo(4);
        assertThat(b.get("shardsDone").asInt()).isEqualTo(1);
        assertThat(b.get("shardsInWork").asInt()).isEqualTo(1);
        assertThat(b.get("workers").get(0).asText()).isEqualTo("8@elsewhere");
        assertThat(b.get("progress").asDouble()).isEqualTo(0.25);
        assertThat(b.get("finishedAt").isNull()).isTrue();
    }

    @Test
    void aBadParameterGetsA400NamingItAndAnUnknownRowOrPathA404() throws Exception {
        assertError(api.get("/api/dlq?feed=nope"), 400, "feed: 'nope' is not a feed of this deployment");
        assertError(api.get("/api/coverage?feed=" + FEED + "&from=2026-11-20&to=2026-11-10"), 400, "from:");
        assertError(api.get("/api/coverage?feed=" + FEED + "&from=2026-01-01&to=2026-11-10"), 400, "to: at most 92 days");
        assertError(api.get("/api/coverage?feed=" + FEED + "&from=yesterday"), 400, "from: 'yesterday' is not a date");
        assertError(api.get("/api/gaps?feed=" + FEED + "&symbol=NOPE&day=2026-11-20"), 400, "symbol: 'NOPE' is not in feed");
        assertError(api.get("/api/gaps?feed=" + FEED + "&symbol=" + universe.get(0)), 400, "day: missing");
        assertError(api.get("/api/coverage?feed=" + FEED + "&limit=5000"), 400, "limit: 5000 is not in [0, 1000]");
        assertError(api.get("/api/coverage?feed=" + FEED + "&offset=x"), 400, "offset: 'x' is not a whole number");
        assertError(api.get("/api/coverage/overview?feed=" + FEED + "&from=2026-11-20&to=2026-11-10"), 400, "from:");
        assertError(api.get("/api/coverage/day?feed=" + FEED), 400, "day: missing");
        assertError(api.get("/api/coverage/symbol?feed=" + FEED + "&symbol=NOPE"), 400, "symbol: 'NOPE' is not in feed");
        assertError(api.post("/api/dlq/abc/retry?feed=" + FEED, ""), 400, "id: 'abc'");
        assertError(api.post("/api/dlq/999/retry?feed=" + FEED, ""), 404, "no DLQ row 999");
        assertError(api.post("/api/dlq/1/discard?feed=" + FEED, "not json"), 400, "body:");
        assertError(api.get("/api/nothing"), 404, "no such API");
        assertThat(runtime.bean("DeadLetterStore", DeadLetterStore.class).audit(FEED)).as("nothing changed").isEmpty();
    }

    @Test
    void thePageAndItsFilesComeFromTheJarAndNothingElseIsServed() throws Exception {
        ConsoleClient.Answer page = api.get("/console/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>market-bars-ingest console</title>", "console.js");
        assertThat(api.get("/console/console.js").status()).isEqualTo(200);
        assertThat(api.get("/console/console.css").status()).isEqualTo(200);
        assertThat(api.get("/console/application.properties").status()).isEqualTo(404);
        assertThat(api.get("/console/../application.properties").status()).isEqualTo(404);
        assertThat(api.get("/application.properties").status()).isEqualTo(404);
    }

    @Test
    void jolokiaServesOurMBeansForHawtio() throws Exception {
        ConsoleClient.Answer symbols = api.get("/observe/jolokia/read/market-bars-ingest:type=Feed,name=" + FEED + "/Running");
        assertThat(symbols.status()).isEqualTo(200);
        assertThat(symbols.json().get("value").asBoolean()).as(symbols.body()).isTrue();
    }

    private static void assertError(ConsoleClient.Answer a, int status, String start) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.json().get("error").asText()).contains(start);
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitUntil(Condition c, String what) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!c.holds()) {
            assertThat(System.nanoTime()).as(what).isLessThan(until);
            Thread.sleep(50);
        }
    }
}
