package com.marketbars.ingest.config;

import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.checkpoint.IngestJobs;
import com.marketbars.ingest.checkpoint.WindowPlanner;
import com.marketbars.ingest.dlq.DeadLetterQueue;
import com.marketbars.ingest.dlq.DeadLetterReporter;
import com.marketbars.ingest.dlq.DeadLetterReview;
import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.dlq.RetryWorker;
import com.marketbars.ingest.errors.FailureClassifier;
import com.marketbars.ingest.errors.VendorCircuitBreaker;
import com.marketbars.ingest.ops.CircuitHealthCheck;
import com.marketbars.ingest.ops.DatabaseHealthCheck;
import com.marketbars.ingest.ops.DatabaseView;
import com.marketbars.ingest.ops.IngestMetrics;
import com.marketbars.ingest.ops.IngestSource;
import com.marketbars.ingest.ops.SingleInstance;
import com.marketbars.ingest.ops.SourceHealthCheck;
import com.marketbars.ingest.pipeline.BatchOutcomes;
import com.marketbars.ingest.pipeline.CatchUp;
import com.marketbars.ingest.pipeline.FetchAhead;
import com.marketbars.ingest.pipeline.FetchAheadOutcomes;
import com.marketbars.ingest.pipeline.PageWriter;
import com.marketbars.ingest.pipeline.SourceControl;
import com.marketbars.ingest.pipeline.WindowCompletion;
import com.marketbars.ingest.quota.AccountQuota;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorSimulator;
import com.marketbars.ingest.store.BarStore;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.DatabaseClock;
import com.marketbars.ingest.store.DatabaseOutage;
import com.marketbars.ingest.store.OutageMarker;
import com.marketbars.ingest.store.JdbcQuotaLedger;
import com.marketbars.ingest.store.StoreStatus;
import com.marketbars.ingest.store.UniverseStore;
import com.marketbars.ingest.providers.ResponseSizeLimit;
import com.marketbars.ingest.providers.alpaca.AlpacaBarsMapper;
import com.marketbars.ingest.providers.alpaca.AlpacaCredentials;
import com.marketbars.ingest.providers.alpaca.AlpacaRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Binds every bean the routes call, in one place. Settings are validated first: a bad value stops the start
 * with a message naming its key, before any route runs.
 */
public class IngestConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(IngestConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent pc = context.getPropertiesComponent();
        IngestSettings settings = IngestSettings.from(key -> pc.resolveProperty(key).orElse(null));
        settings.derivedProperties().forEach(pc::addOverrideProperty);
        Clock clock = Clock.systemUTC();
        Resources resources = new Resources();
        context.addService(resources, true);

        AlpacaCredentials credentials = AlpacaCredentials.fromEnvironment(System.getenv());
        if (settings.embeddedVendor()) {
            VendorSimulator simulator = resources.add(VendorSimulator.start(0, new SimulatorSettings()));
            pc.addOverrideProperty("ingest.vendor.url", simulator.baseUrl());
            LOG.info("ingest.vendor.url=embedded: ingesting from the built-in vendor simulator at {}", simulator.baseUrl());
            context.getRegistry().bind("vendorSimulator", simulator);
        } else if (!credentials.present()) {
            LOG.warn("{} / {} are not set: requests to {} carry no API keys", AlpacaCredentials.KEY_ID_ENV,
                    AlpacaCredentials.SECRET_ENV, settings.vendorUrl());
        }

        // a database that is restarting or failing over is waited for (ingest.db.max-outage), at start-up as later
        DatabaseOutage outage = new DatabaseOutage(settings.dbMaxOutage(), settings.retryInitialDelay(), settings.retryMaxDelay(),
                clock, () -> !context.isStopping());
        Database db = resources.add(outage.rideOut("opening the database", () -> Database.open(settings.dbUrl(), settings.concurrency() + 2)));
        db.reportTo(outage.markedIn(OutageMarker.forDatabase(settings.dbUrl())));
        UniverseStore universe = new UniverseStore(db, clock);
        int[] change = universe.sync(settings.universe());
        LOG.info("Universe: {} symbols ({} added, {} removed); database schema version {}",
                settings.universe().size(), change[0], change[1], db.schemaVersion());

        CheckpointStore checkpoints = new CheckpointStore(db, clock);
        WindowPlanner planner = new WindowPlanner(checkpoints, clock, settings.window(), settings.settle(), settings.batchSymbols());
        BarStore bars = new BarStore(db, clock);

        // the vendor account's quota, kept with every other process of ours that uses the account (see QuotaLedger);
        // its times are the database server's, which every machine sharing it reads alike
        Database ledgerDb = resources.add(outage.rideOut("opening the quota ledger", () -> Database.openQuotaLedger(settings.dbUrl())));
        Clock ledgerClock = DatabaseClock.forLedger(ledgerDb, clock);
        AccountQuota accountQuota = new AccountQuota(settings.account(), settings.quota(), settings.maxAnswerTime(),
                new JdbcQuotaLedger(ledgerDb, ledgerClock), ledgerClock);
        resources.add(Jmx.register("market-bars-ingest:type=Account,name=" + settings.account(), accountQuota));

        SourceControl sourceControl = new SourceControl(settings.source());
        CircuitBreaker circuit = VendorCircuitBreaker.create("vendor-" + settings.source(), settings.circuit());
        DeadLetterStore deadLetters = new DeadLetterStore(db, clock);
        DeadLetterReview review = new DeadLetterReview(deadLetters, settings.source());
        resources.add(Jmx.register("market-bars-ingest:type=DeadLetterQueue,source=" + settings.source(),
                new DeadLetterQueue(review, () -> context.createProducerTemplate().sendBody("seda:dlq-due?size=1&discardWhenFull=true", null))));

        // one active instance per database and source: the routes that start work consume via master:<source>
        context.addService(SingleInstance.clusterService(settings.dbUrl(), settings.lockDir()));

        Registry r = context.getRegistry();
        r.bind("ingestSettings", settings);
        r.bind("clock", clock);
        r.bind("database", db);
        r.bind("universeStore", universe);
        r.bind("checkpointStore", checkpoints);
        r.bind("barStore", bars);
        r.bind("windowPlanner", planner);
        r.bind("ingestJobs", new IngestJobs(settings, universe, clock));
        WindowCompletion completion = new WindowCompletion(checkpoints, planner, clock, settings.pageLimit());
        r.bind("windowCompletion", completion);
        completion.addListener((window, floor, remaining) -> outage.available());
        r.bind("databaseOutage", outage);
        r.bind("catchUp", new CatchUp(context, outage));
        resources.add(Jmx.register("market-bars-ingest:type=Database,name=" + settings.source(), new DatabaseView(db, outage)));
        IngestSource sourceView = new IngestSource(settings.source(), checkpoints, universe, sourceControl, new StoreStatus(db),
                () -> context.createProducerTemplate().sendBody("seda:ingest-due?size=1&discardWhenFull=true", null), clock);
        completion.addListener(sourceView);
        resources.add(Jmx.register("market-bars-ingest:type=Source,name=" + settings.source(), sourceView));
        // our figures in the registry Camel's Prometheus support serves: its own if already made, else one it adopts
        MeterRegistry metrics = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (metrics == null) {
            metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind("metricsRegistry", metrics);
        }
        IngestMetrics.bind(metrics, sourceView, review, circuit, accountQuota);
        r.bind("batchOutcomes", new BatchOutcomes());
        r.bind("batchExecutor", context.getExecutorServiceManager()
                .newFixedThreadPool(this, "ingest-batch", settings.concurrency()));
        // a catch-up plans ahead until the source is paused or stopped, or Camel stops; the windows open then are finished
        r.bind("fetchAhead", new FetchAhead(planner, settings.fetchAhead(), settings.concurrency(),
                () -> sourceControl.isRunning() && !context.isStopping() && !context.isStopped()));
        r.bind("fetchAheadOutcomes", new FetchAheadOutcomes());
        // one thread more than batches in flight: Camel's streaming split runs its iterator, which waits for a free batch
        // slot, on a thread of the split's own pool
        r.bind("fetchAheadExecutor", context.getExecutorServiceManager()
                .newFixedThreadPool(this, "ingest-fetch-ahead", settings.concurrency() + 1));
        r.bind("accountQuota", accountQuota);
        r.bind("pageWriter", new PageWriter(bars, settings.source()));
        r.bind("alpacaRequest", new AlpacaRequest(settings.feed(), settings.pageLimit()));
        r.bind("alpacaCredentials", credentials);
        // the HTTP client of vendor-http: the keys, and a size limit so that no answer can exhaust the heap
        ResponseSizeLimit sizeLimit = ResponseSizeLimit.forPageLimit(settings.pageLimit());
        r.bind("vendorHttpClient", (HttpClientConfigurer) builder -> {
            // No retry inside the HTTP client: it would send a second request (after a 503 or 429, or an I/O error)
            // under the first one's quota slot and behind the circuit breaker's back. Every retry is a redelivery
            // of the route, which takes a slot of its own.
            builder.disableAutomaticRetries();
            credentials.configureHttpClient(builder);
            sizeLimit.configureHttpClient(builder);
        });
        r.bind("alpacaBarsMapper", new AlpacaBarsMapper());
        r.bind("failureClassifier", new FailureClassifier());
        r.bind("vendorCircuitBreaker", circuit);
        // readiness checks, served with Camel's own at /observe/health/ready when camel.management.enabled=true
        r.bind("databaseHealthCheck", new DatabaseHealthCheck(db, outage));
        r.bind("circuitHealthCheck", new CircuitHealthCheck(circuit));
        r.bind("sourceHealthCheck", new SourceHealthCheck(settings.source(), sourceControl));
        r.bind("sourceControl", sourceControl);
        r.bind("deadLetters", new DeadLetterReporter(deadLetters, settings.dlqRetry(), settings.source(), circuit, clock));
        r.bind("retryWorker", new RetryWorker(deadLetters, settings.source()));
        r.bind("deadLetterStore", deadLetters);
        r.bind("deadLetterReview", review);
    }

    /** Closes what configure() opened (database pool, embedded simulator) when Camel stops, last opened first. */
    static final class Resources extends ServiceSupport {
        private final Deque<AutoCloseable> open = new ArrayDeque<>();

        <T extends AutoCloseable> T add(T resource) {
            open.push(resource);
            return resource;
        }

        @Override
        protected void doStop() throws Exception {
            while (!open.isEmpty()) {
                open.pop().close();
            }
        }
    }
}
