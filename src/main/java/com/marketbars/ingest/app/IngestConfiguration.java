package com.marketbars.ingest.app;

import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.settings.IngestSettings;
import com.marketbars.ingest.backfill.BackfillQueue;
import com.marketbars.ingest.backfill.ShardWorker;
import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.console.ConsoleAccess;
import com.marketbars.ingest.console.ConsoleApi;
import com.marketbars.ingest.console.ConsoleServer;
import com.marketbars.ingest.coverage.Coverage;
import com.marketbars.ingest.checkpoint.IngestJobs;
import com.marketbars.ingest.feeds.Feed;
import com.marketbars.ingest.feeds.FeedRoutes;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.model.Provider;
import com.marketbars.ingest.providers.VendorJson;
import com.marketbars.ingest.providers.massive.MassiveAggsMapper;
import com.marketbars.ingest.providers.massive.MassiveCredentials;
import com.marketbars.ingest.providers.massive.MassiveRequest;
import com.marketbars.ingest.checkpoint.WindowPlanner;
import com.marketbars.ingest.dlq.DeadLetterQueue;
import com.marketbars.ingest.dlq.DeadLetterReporter;
import com.marketbars.ingest.dlq.DeadLetterReview;
import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.dlq.RetryWorker;
import com.marketbars.ingest.errors.FailureClassifier;
import com.marketbars.ingest.errors.VendorCircuitBreaker;
import com.marketbars.ingest.cluster.CatchUpOnLeadership;
import com.marketbars.ingest.observability.CircuitHealthCheck;
import com.marketbars.ingest.observability.DatabaseHealthCheck;
import com.marketbars.ingest.observability.DatabaseView;
import com.marketbars.ingest.cluster.FeedLease;
import com.marketbars.ingest.cluster.FeedLeaders;
import com.marketbars.ingest.cluster.LeaseFence;
import com.marketbars.ingest.observability.IngestMetrics;
import com.marketbars.ingest.observability.IngestSource;
import com.marketbars.ingest.cluster.Leadership;
import com.marketbars.ingest.cluster.NamespaceWork;
import com.marketbars.ingest.cluster.SingleInstance;
import com.marketbars.ingest.observability.SourceHealthCheck;
import com.marketbars.ingest.pipeline.BatchOutcomes;
import com.marketbars.ingest.pipeline.CatchUp;
import com.marketbars.ingest.pipeline.FetchAhead;
import com.marketbars.ingest.pipeline.FetchAheadOutcomes;
import com.marketbars.ingest.pipeline.PageWriter;
import com.marketbars.ingest.pipeline.SourceControl;
import com.marketbars.ingest.pipeline.StormGuard;
import com.marketbars.ingest.pipeline.WindowCompletion;
import com.marketbars.ingest.quota.AccountQuota;
import com.marketbars.ingest.model.Quota;
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
import com.marketbars.ingest.universe.AssetsReader;
import com.marketbars.ingest.universe.AssetsRequest;
import com.marketbars.ingest.universe.UniverseHealthCheck;
import com.marketbars.ingest.universe.UniverseRefresh;
import com.marketbars.ingest.universe.UniverseRefreshLog;
import com.marketbars.ingest.universe.UniverseRefreshes;
import com.marketbars.ingest.universe.UniverseView;
import com.marketbars.ingest.providers.ResponseSizeLimit;
import com.marketbars.ingest.providers.alpaca.AlpacaBarsMapper;
import com.marketbars.ingest.providers.alpaca.AlpacaCredentials;
import com.marketbars.ingest.providers.alpaca.AlpacaRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds every bean the routes call, in one place, each under its class name (a feed's or an account's own instance
 * as CLASS-NAME: CircuitBreaker-FEED, AccountQuota-ACCOUNT; the HTTP client configurers and executors by their role).
 * Settings are validated first: a bad value stops the start
 * with a message naming its key, before any route runs.
 */
public class IngestConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(IngestConfiguration.class);
    /** The process's environment (the vendors' keys, the console's token); a spec in one JVM passes its own. */
    private final Map<String, String> environment;

    public IngestConfiguration() {
        this(System.getenv());
    }

    public IngestConfiguration(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent pc = context.getPropertiesComponent();
        IngestSettings settings = IngestSettings.from(key -> pc.resolveProperty(key).orElse(null));
        settings.derivedProperties().forEach(pc::addOverrideProperty);
        // the lock of the work every feed shares (the DLQ retry worker): the first feed's, so a deployment of one feed
        // keeps the one lock it always had
        pc.addOverrideProperty("ingest.deployment.lock", settings.firstFeed().name());
        // the management port (health, metrics, Jolokia, the console): its token and the names it answers to, checked
        // here, before anything is opened; reachable from elsewhere without a token, the start is refused
        boolean management = Boolean.parseBoolean(pc.resolveProperty("camel.management.enabled").orElse("false"));
        ConsoleAccess consoleAccess = management
                ? ConsoleAccess.of(pc.resolveProperty("camel.management.host").orElse("0.0.0.0"), environment.get(ConsoleAccess.TOKEN_ENV),
                        pc.resolveProperty(ConsoleAccess.ALLOWED_HOSTS_KEY).orElse(null))
                : null;
        Clock clock = Clock.systemUTC();
        Resources resources = new Resources();
        context.addService(resources, true);
        Registry r = context.getRegistry();

        AlpacaCredentials credentials = AlpacaCredentials.fromEnvironment(environment);
        String simulatorUrl = null;
        if (settings.embeddedVendor()) {
            // its control endpoints ask for the console's token; with the management port off, for INGEST_CONSOLE_TOKEN's
            // (none set: a token made for nobody, so they are shut)
            ConsoleAccess simulatorAdmin = consoleAccess != null ? consoleAccess
                    : ConsoleAccess.of("127.0.0.1", environment.get(ConsoleAccess.TOKEN_ENV), null);
            VendorSimulator simulator = resources.add(VendorSimulator.startEmbedded(new SimulatorSettings(), simulatorAdmin::admits));
            simulatorUrl = simulator.baseUrl();
            LOG.info("ingest.vendor.url=embedded: ingesting from the built-in vendor simulator at {}", simulatorUrl);
            r.bind("VendorSimulator", simulator);
        }
        Map<String, String> baseUrls = new LinkedHashMap<>();
        for (FeedSettings f : settings.feeds()) {
            baseUrls.put(f.name(), f.embeddedVendor() ? simulatorUrl : f.vendorUrl());
            if (!f.embeddedVendor() && !credentials.present() && f.provider() == Provider.ALPACA_STOCKS) {
                LOG.warn("{} / {} are not set: requests of feed {} to {} carry no API keys", AlpacaCredentials.KEY_ID_ENV,
                        AlpacaCredentials.SECRET_ENV, f.name(), f.vendorUrl());
            }
        }

        // a database that is restarting or failing over is waited for (ingest.db.max-outage), at start-up as later
        DatabaseOutage outage = new DatabaseOutage(settings.dbMaxOutage(), settings.retryInitialDelay(), settings.retryMaxDelay(),
                clock, () -> !context.isStopping());
        Database db = resources.add(outage.rideOut("opening the database",
                () -> Database.open(settings.dbUrl(), settings.concurrency() + 2, settings.firstFeed().name())));
        db.reportTo(outage.markedIn(OutageMarker.forDatabase(settings.dbUrl())));
        CheckpointStore checkpoints = new CheckpointStore(db, clock);
        WindowPlanner planner = new WindowPlanner(checkpoints, clock);
        BarStore bars = new BarStore(db, clock);
        DeadLetterStore deadLetters = new DeadLetterStore(db, clock);

        // each vendor account's quota, kept with every other process of ours that uses the account (see QuotaLedger);
        // its times are the database server's, which every machine sharing it reads alike. The feeds of one account
        // share it.
        Database ledgerDb = resources.add(outage.rideOut("opening the quota ledger", () -> Database.openQuotaLedger(settings.dbUrl())));
        Clock ledgerClock = DatabaseClock.forLedger(ledgerDb, clock);
        JdbcQuotaLedger ledger = new JdbcQuotaLedger(ledgerDb, ledgerClock);
        List<AccountQuota> quotas = new ArrayList<>();
        for (Map.Entry<String, Quota> account : settings.accounts().entrySet()) {
            AccountQuota q = new AccountQuota(account.getKey(), account.getValue(), settings.maxAnswerTime(), ledger, ledgerClock);
            quotas.add(q);
            resources.add(Jmx.register("market-bars-ingest:type=Account,name=" + account.getKey(), q));
            r.bind(Feed.quotaBeanName(account.getKey()), q);
        }

        // our figures in the registry Camel's Prometheus support serves: the one IngestRuntime bound before Camel started
        // (IngestMetrics.newRegistry), else one it adopts
        MeterRegistry metrics = r.lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (metrics == null) {
            metrics = IngestMetrics.newRegistry();
            r.bind("metricsRegistry", metrics);
        }
        for (AccountQuota q : quotas) {
            IngestMetrics.bindAccount(metrics, q);
        }

        WindowCompletion completion = new WindowCompletion(checkpoints, planner, clock);
        Leadership leadership = new Leadership(context);
        List<Feed> feeds = new ArrayList<>();
        Map<String, ConsoleApi.FeedParts> consoleFeeds = new LinkedHashMap<>();
        // the triggers of catch-ups and DLQ passes (JMX, the console, a feed's lock taken): one template for all, stopped
        // with the context's resources, after the services that use it
        ProducerTemplate triggers = resources.add(context.createProducerTemplate());
        Runnable retryPass = () -> triggers.sendBody(RetryWorker.DUE_TRIGGER, null);
        UniverseRefreshLog universeRefreshes = new UniverseRefreshLog(db);
        List<UniverseRefresh> vendorUniverses = new ArrayList<>();
        Map<String, UniverseView> universeViews = new LinkedHashMap<>();
        for (FeedSettings f : settings.feeds()) {
            UniverseStore universe = new UniverseStore(db, clock, f.name());
            if (f.universeFromVendor()) {
                // the vendor's list, kept by its refreshes (routes/universe.camel.yaml); until the first, the last good one
                vendorUniverses.add(new UniverseRefresh(f, universe, universeRefreshes, clock));
                logCachedUniverse(f, universe.load().size(), universeRefreshes);
            } else {
                int[] change = universe.sync(f.universe());
                LOG.info("Feed {} ({} {} bars): {} symbols ({} added, {} removed)", f.name(), f.provider(), f.plan().timeframe(),
                        f.universe().size(), change[0], change[1]);
            }
            UniverseView universeView = new UniverseView(f, universe, universeRefreshes);
            universeViews.put(f.name(), universeView);
            resources.add(Jmx.register("market-bars-ingest:type=Universe,name=" + f.name(), universeView));
            if (f.universeFromVendor()) {
                r.bind("UniverseHealthCheck-" + f.name(), new UniverseHealthCheck(universeView));
            }
            SourceControl control = new SourceControl(f.name(), f.provider() == Provider.MASSIVE_STOCKS ? MassiveCredentials.KEY_ENV
                    : AlpacaCredentials.KEY_ID_ENV + " and " + AlpacaCredentials.SECRET_ENV);
            CircuitBreaker circuit = VendorCircuitBreaker.create("vendor-" + f.name(), settings.circuit());
            r.bind(Feed.circuitBeanName(f.name()), circuit);
            DeadLetterReview review = new DeadLetterReview(deadLetters, f.name());
            resources.add(Jmx.register("market-bars-ingest:type=DeadLetterQueue,source=" + f.name(),
                    new DeadLetterQueue(review, retryPass)));
            String due = Feed.dueTrigger(f.name());
            StoreStatus storeStatus = new StoreStatus(db, f.name());
            IngestSource view = new IngestSource(f.name(), checkpoints, universe, control, storeStatus,
                    () -> triggers.sendBody(due, null), () -> leadership.leads(f.name()), clock);
            completion.addListener(view);
            resources.add(Jmx.register("market-bars-ingest:type=Source,name=" + f.name(), view));
            IngestMetrics.bindFeed(metrics, view, review, circuit);
            Feed feed = new Feed(f, new IngestJobs(f, universe, clock), control, circuit, review);
            feeds.add(feed);
            consoleFeeds.put(f.name(), new ConsoleApi.FeedParts(feed, view, storeStatus));
        }
        Feeds all = new Feeds(feeds);
        LOG.info("Database schema version {}; feeds: {}", db.schemaVersion(), String.join(", ", all.names()));

        // one active instance per database and feed: the scheduled routes consume via master:<feed>, and taking a
        // feed's lock starts its catch-up (CatchUpOnLeadership); a feed
        // goes to another instance only between two of its catch-ups (and, for the deployment's lock, DLQ passes).
        // Without the scheduler (the one-shot commands) those routes are left out, and with them the cluster service
        boolean scheduled = Boolean.parseBoolean(pc.resolveProperty("ingest.scheduler.enabled").orElse("true"));
        if (scheduled) {
            String deploymentLock = settings.firstFeed().name();
            NamespaceWork feedWork = feed -> context.getInflightRepository().size(Feed.dueRouteId(feed)) > 0
                    || feed.equals(deploymentLock) && context.getInflightRepository().size("dlq-due") > 0;
            CamelClusterService cluster = SingleInstance.clusterService(settings.dbUrl(), settings.lockDir(), feedWork,
                    settings.clusterLease());
            context.addService(cluster);
            context.addService(new CatchUpOnLeadership(triggers, cluster, all.names()));
        } else {
            ScheduledRoutes.leaveOut(context);
        }

        r.bind("IngestSettings", settings);
        r.bind("Clock", clock);
        r.bind("Database", db);
        // the writers' pool, for the routes' jdbc: steps (the checkpoint advance, the DLQ row): on SQLite the one
        // writer connection the beans queue on too
        r.bind("dataSource", db.writer());
        r.bind("Feeds", all);
        r.bind("Leadership", leadership);
        r.bind("FeedRoutes", new FeedRoutes(settings.feeds(), baseUrls));
        r.bind("CheckpointStore", checkpoints);
        r.bind("LeaseFence", new LeaseFence(db));
        r.bind("BarStore", bars);
        r.bind("WindowPlanner", planner);
        r.bind("WindowCompletion", completion);
        completion.addListener((window, floor, remaining) -> outage.available());
        r.bind("DatabaseOutage", outage);
        CatchUp catchUp = new CatchUp(context, outage);
        r.bind("CatchUp", catchUp);
        resources.add(Jmx.register("market-bars-ingest:type=Database,name=" + settings.firstFeed().name(), new DatabaseView(db, outage)));
        r.bind("BatchOutcomes", new BatchOutcomes());
        r.bind("batchExecutor", context.getExecutorServiceManager()
                .newFixedThreadPool(this, "ingest-batch", settings.concurrency()));
        // a catch-up plans ahead until its feed is paused or stopped, or Camel stops; the windows open then are finished
        r.bind("FetchAhead", new FetchAhead(planner, settings.fetchAhead(), settings.concurrency(),
                job -> all.isRunning(job.feed()) && !context.isStopping() && !context.isStopped(), leadership::epoch));
        r.bind("FetchAheadOutcomes", new FetchAheadOutcomes());
        // one thread more than batches in flight: Camel's streaming split runs its iterator, which waits for a free batch
        // slot, on a thread of the split's own pool
        r.bind("fetchAheadExecutor", context.getExecutorServiceManager()
                .newFixedThreadPool(this, "ingest-fetch-ahead", settings.concurrency() + 1));
        r.bind("PageWriter", new PageWriter(bars, new StormGuard(settings.quality())));
        r.bind(VendorJson.BEAN, VendorJson.create());
        r.bind("AlpacaRequest", new AlpacaRequest());
        r.bind("AlpacaCredentials", credentials);
        r.bind("alpacaHttpClient", httpClient(credentials::configureHttpClient, ResponseSizeLimit.forPageLimit(Provider.ALPACA_STOCKS.maxPageLimit())));
        r.bind("AlpacaBarsMapper", new AlpacaBarsMapper());
        MassiveCredentials massiveKey = MassiveCredentials.fromEnvironment(environment);
        r.bind("massiveHttpClient", httpClient(massiveKey, ResponseSizeLimit.forPageLimit(Provider.MASSIVE_STOCKS.maxPageLimit())));
        r.bind("MassiveAggsMapper", new MassiveAggsMapper());
        for (FeedSettings f : settings.feeds()) {
            if (f.provider() == Provider.MASSIVE_STOCKS) {
                r.bind(Feed.requestBeanName(f.name()), new MassiveRequest(f.plan().timeframe(), f.plan().pageLimit()));
                if (!f.embeddedVendor() && !massiveKey.present()) {
                    LOG.warn("{} is not set: requests of feed {} to {} carry no API key", MassiveCredentials.KEY_ENV, f.name(), f.vendorUrl());
                }
            }
        }
        bindUniverseBeans(r, vendorUniverses, credentials, massiveKey);
        r.bind("FailureClassifier", new FailureClassifier());
        // readiness checks, served with Camel's own at /observe/health/ready when camel.management.enabled=true
        r.bind("DatabaseHealthCheck", new DatabaseHealthCheck(db, outage));
        for (Feed f : feeds) {
            r.bind("CircuitHealthCheck-" + f.name(), new CircuitHealthCheck(f.name(), f.circuit()));
            // the feed's view says when its window is held for a broken vendor contract (IngestSource.windowHeld)
            r.bind("SourceHealthCheck-" + f.name(), new SourceHealthCheck(f.name(), f.control(), consoleFeeds.get(f.name()).view()));
        }
        r.bind("DeadLetterReporter", new DeadLetterReporter(deadLetters, settings.dlqRetry(), all::circuitOf, clock));
        r.bind("RetryWorker", new RetryWorker(deadLetters, feeds.stream().map(Feed::jobs).toList(), all::isRunning));
        r.bind("DeadLetterStore", deadLetters);
        // backfill jobs, whose shards every process on the database takes with a lease (route backfill-shards)
        BackfillQueue backfills = new BackfillQueue(db, clock);
        r.bind("BackfillQueue", backfills);
        ShardWorker shardWorker = resources.add(new ShardWorker(backfills, all, catchUp, clock, settings.backfill().lease(),
                () -> !context.isStopping() && !context.isStopped()));
        completion.addListener(shardWorker);
        r.bind("ShardWorker", shardWorker);
        Coverage coverage = new Coverage(db, clock);
        r.bind("Coverage", coverage);
        // where the feeds run as this process tells it: the lease table when this process's feeds are led by leases;
        // without the scheduler nothing is led here and the feeds run in this process (the one-shot commands)
        boolean leases = scheduled && SingleInstance.usesLeases(settings.lockDir());
        FeedLeaders leaders = new FeedLeaders(db, leases);
        if (leases) {
            for (Feed f : feeds) {
                resources.add(Jmx.register("market-bars-ingest:type=Lease,name=" + f.name(),
                        new FeedLease(f.name(), leaders, () -> leadership.leads(f.name()))));
            }
        }
        if (consoleAccess != null) {
            ConsoleApi console = new ConsoleApi(consoleFeeds, all, quotas, backfills, coverage,
                    retryPass,
                    feed -> leaders.runsOn(feed, leadership.leads(feed)), clock);
            console.showUniverses(() -> universeViews.values().stream().map(UniverseView::state).toList());
            r.bind("ConsoleApi", console);
            ConsoleServer.mountWhenStarted(context, console, consoleAccess);
        }
    }

    /** What a feed on its vendor's universe starts with: the list its last good refresh made, until the next one. */
    private static void logCachedUniverse(FeedSettings f, int cached, UniverseRefreshLog refreshes) {
        String last = refreshes.lastApplied(f.name()).map(r -> "refreshed " + r.at()).orElse("never refreshed");
        if (cached == 0) {
            LOG.warn("Feed {} ({} {} bars): universe {}, no symbols yet ({}): nothing is ingested until a refresh of the vendor's list succeeds",
                    f.name(), f.provider(), f.plan().timeframe(), UniverseView.source(f), last);
        } else {
            LOG.info("Feed {} ({} {} bars): universe {}, {} symbols ({}); refreshed at start and on {}", f.name(), f.provider(),
                    f.plan().timeframe(), UniverseView.source(f), cached, last, f.vendorUniverse().refresh());
        }
    }

    /**
     * The beans of routes/universe.camel.yaml. The asset lists' HTTP clients carry the vendors' keys as the bars' do, with
     * a size limit fit for a whole list (Alpaca sends every asset in one answer: about 11,000 US equities, some 400
     * bytes each).
     */
    private static void bindUniverseBeans(Registry r, List<UniverseRefresh> refreshes, AlpacaCredentials alpaca, MassiveCredentials massive) {
        r.bind("UniverseRefreshes", new UniverseRefreshes(refreshes));
        r.bind("AssetsRequest", new AssetsRequest());
        r.bind("AssetsReader", new AssetsReader());
        ResponseSizeLimit listLimit = new ResponseSizeLimit(UNIVERSE_LIST_BYTES);
        r.bind("alpacaUniverseHttpClient", httpClient(alpaca::configureHttpClient, listLimit));
        r.bind("massiveUniverseHttpClient", httpClient(massive, listLimit));
    }

    /** The longest answer of an asset list: 64 MiB, some ten times Alpaca's list of every active US equity. */
    private static final long UNIVERSE_LIST_BYTES = 64L << 20;

    /**
     * The HTTP client of a provider's requests: its keys, and a size limit so that no answer can exhaust the heap. No
     * retry inside the HTTP client: it would send a second request (after a 503 or 429, or an I/O error) under the
     * first one's quota slot and behind the circuit breaker's back. Every retry is a redelivery of the route, which
     * takes a slot of its own.
     */
    private static HttpClientConfigurer httpClient(HttpClientConfigurer credentials, ResponseSizeLimit sizeLimit) {
        return builder -> {
            builder.disableAutomaticRetries();
            credentials.configureHttpClient(builder);
            sizeLimit.configureHttpClient(builder);
        };
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
