package com.marketbars.ingest.routes;

import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestJobs;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.app.IngestConfiguration;
import com.marketbars.ingest.dlq.DeadLetter;
import com.marketbars.ingest.feeds.Feed;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.pipeline.BarPage;
import com.marketbars.ingest.pipeline.IncompleteWindowException;
import com.marketbars.ingest.model.WriteResult;
import com.marketbars.ingest.support.PromptStop;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static com.marketbars.ingest.routes.FakeAlpaca.body;
import static com.marketbars.ingest.routes.FakeAlpaca.page;
import static com.marketbars.ingest.routes.FakeAlpaca.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every route spec shares: the real {@code routes/*.camel.yaml}, the real beans of
 * {@link IngestConfiguration} and a real, temporary SQLite database. Only the vendors are fake: the step
 * {@code vendor-http} of each feed's page route {@code fetch-page-FEED} is replaced by that feed's {@link FakeVendor}
 * (by default the one feed of a deployment without {@code ingest.feeds}, {@code alpaca_bars_1min}, and
 * {@link FakeAlpaca}; a class of specs of other feeds lists its own in {@link #vendors()}), so no request leaves the test.
 * <p>
 * Every spec runs one backfill job over one window, [14:30, 14:35) on 2026-11-24, for the class's
 * {@link #universe()} (or its feed's) in batches of {@link #batchSymbols()} (or its feed's); the batches of a window are
 * fetched in parallel.
 * <p>
 * The specs find steps by their ids (route ids {@code ingest-job}, {@code fetch-batch}, {@code fetch-page-FEED}; step
 * ids {@code advance-checkpoint}, {@code vendor-http}, {@code write-bars}; inside a templated route the step ids are the
 * template's own). If you edit a route, keep those ids.
 */
abstract class RouteSpec extends CamelMainTestSupport {
    static final Instant FROM = Instant.parse("2026-11-24T14:30:00Z");
    static final Instant TO = Instant.parse("2026-11-24T14:35:00Z");
    /** The one feed of a deployment that lists no {@code ingest.feeds}. */
    static final String DEFAULT_FEED = "alpaca_bars_1min";

    @TempDir
    Path dir;

    final FakeAlpaca alpaca = new FakeAlpaca();

    /** Each page just before {@code write-bars}; the body is the {@link BarPage}. */
    @EndpointInject("mock:pages")
    MockEndpoint pages;

    /** Each page just after {@code write-bars}; the body is its {@link WriteResult}. */
    @EndpointInject("mock:written")
    MockEndpoint written;

    /** Each window just after {@code advance-checkpoint}; header "checkpoint" is the stored checkpoint then. */
    @EndpointInject("mock:checkpointed")
    MockEndpoint checkpointed;

    // ---- the application under test, with test settings ------------------------------------------------------

    @Override
    protected void configure(MainConfigurationProperties main) {
        main.addConfiguration(IngestConfiguration.class);
    }

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        super.configureTest(test);
        test.withUseAdviceWith(true);   // each test advises the routes first, then calls context.start()
    }

    /** Runs before the Camel context is made, once @TempDir is set. (An environment variable would still win.) */
    @Override
    protected void setupResources() {
        Properties p = new Properties();
        p.put("camel.main.routes-include-pattern", "file:routes/*.camel.yaml");   // the files you edit
        p.put("camel.main.jmx-enabled", "false");
        PromptStop.addTo(p);
        p.put("ingest.db.url", "jdbc:sqlite:" + dir.resolve("t.db"));
        p.put("ingest.vendor.url", "http://127.0.0.1:9");   // never called: vendor-http is replaced
        p.put("ingest.scheduler.enabled", "false");          // the test sends the job itself
        p.put("ingest.universe", universe());
        p.put("ingest.batch.symbols", String.valueOf(batchSymbols()));
        p.put("ingest.retry.max-redeliveries", "3");
        p.put("ingest.retry.initial-delay", "PT0.01S");
        p.put("ingest.retry.max-delay", "PT0.05S");
        testProperties(p);
        camelContextConfiguration().withUseOverridePropertiesWithPropertiesComponent(p);
    }

    /** Where the checkpoint of the window's symbols is once the window is complete. */
    TreeMap<String, Instant> windowDone() {
        return windowDone(universe());
    }

    /** Where the checkpoint of these symbols (comma-separated) is once the window is complete. */
    static TreeMap<String, Instant> windowDone(String symbols) {
        TreeMap<String, Instant> done = new TreeMap<>();
        for (String s : symbols.split(",")) {
            done.put(s, TO);
        }
        return done;
    }

    /** The symbols of the window, comma-separated (of the deployment's feeds that name no universe of their own). */
    String universe() {
        return "AAPL,MSFT";
    }

    /** Symbols a batch (of the deployment's feeds that name no batch size of their own). */
    int batchSymbols() {
        return 1;
    }

    /** More settings of the class's specs. */
    void testProperties(Properties p) {
    }

    /** The fake vendor of each feed, by feed name. */
    Map<String, FakeVendor> vendors() {
        return Map.of(DEFAULT_FEED, alpaca);
    }

    /** Each feed's vendor is its fake; mock:pages and mock:written are placed around write-bars. */
    void adviseRoutes() throws Exception {
        for (Map.Entry<String, FakeVendor> v : vendors().entrySet()) {
            AdviceWith.adviceWith(context, Feed.pageRouteId(v.getKey()), r -> r.weaveById("vendor-http").replace().process(v.getValue()));
        }
        AdviceWith.adviceWith(context, "fetch-batch", r -> {
            r.weaveById("write-bars").before().to("mock:pages");
            r.weaveById("write-bars").after().to("mock:written");
        });
        AdviceWith.adviceWith(context, "ingest-job", r -> r.weaveById("advance-checkpoint").after()
                .process(e -> e.getMessage().setHeader("checkpoint", sorted(checkpointOf(window(e).job()))))
                .to("mock:checkpointed"));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** The one-shot job the CLI's backfill command makes: the whole universe over [FROM, TO). */
    IngestJob backfill() {
        return backfill(null);
    }

    /** As {@link #backfill()}, of the feed named (null: the only one). */
    IngestJob backfill(String feed) {
        return feed(feed).jobs().backfill(FROM, TO, List.of());
    }

    /** The feed named, or the only one (null). */
    Feed feed(String name) {
        return bean("Feeds", Feeds.class).chosen(name);
    }

    /**
     * The stored checkpoint of a job. A backfill that completes deletes its cursor at the end, so read it during
     * the run (after advance-checkpoint) to see it move, or after a failed run to see that it did not.
     */
    Map<String, Instant> checkpointOf(IngestJob job) {
        return bean("CheckpointStore", CheckpointStore.class).load(job.cursorKey());
    }

    /** The open DLQ rows of the feed named (null: the only one). */
    List<DeadLetter> deadLetters(String feed) {
        return feed(feed).review().list(false);
    }

    static DeadLetter single(List<DeadLetter> rows) {
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    List<BarPage> pagesOf(String batch) {
        return bodiesOf(pages, batch, BarPage.class);
    }

    List<WriteResult> writesOf(String batch) {
        return bodiesOf(written, batch, WriteResult.class);
    }

    static <T> List<T> bodiesOf(MockEndpoint mock, String batch, Class<T> type) {
        return mock.getReceivedExchanges().stream()
                .filter(e -> batch(e).equals(batch))
                .map(e -> type.cast(e.getMessage().getBody()))
                .collect(Collectors.toList());
    }

    /** The batch an exchange of fetch-batch works on, by its symbols ("AAPL"). */
    static String batch(Exchange e) {
        return String.join(",", e.getProperty("ingestBatch", SymbolBatch.class).symbols());
    }

    static IngestWindow window(Exchange e) {
        return e.getProperty("ingestWindow", IngestWindow.class);
    }

    <T> T bean(String name, Class<T> type) {
        return context.getRegistry().lookupByNameAndType(name, type);
    }

    static TreeMap<String, Instant> sorted(Map<String, Instant> m) {
        return new TreeMap<>(m);
    }

    static List<Throwable> causeChain(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }
}
