package com.marketbars.ingest.app;

import com.marketbars.ingest.cluster.FeedLeaders;
import com.marketbars.ingest.cluster.Leadership;
import com.marketbars.ingest.console.ConsoleAccess;
import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.dlq.RetryWorker;
import com.marketbars.ingest.pipeline.CatchUp;
import com.marketbars.ingest.pipeline.WindowCompletion;
import com.marketbars.ingest.quota.AccountQuota;
import com.marketbars.ingest.settings.IngestSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The wiring root: checks the settings (a bad value stops the start with a message naming its key, before any route
 * runs), then lets each feature's wiring bind the beans its routes call, each under its class name (a feed's or an
 * account's own instance as CLASS-NAME-FEED; the HTTP client configurers and executors by their role). Nothing
 * imports this package but the commands (PackageRulesTest).
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
        Wiring w = new Wiring(context, checkedSettings(context), Clock.systemUTC(), environment);
        w.bind("Clock", w.clock);
        ConsoleAccess consoleAccess = ConsoleWiring.access(w);
        VendorWiring.Vendors vendors = VendorWiring.wire(w, consoleAccess);
        StoreWiring.Stores stores = StoreWiring.wire(w);
        List<AccountQuota> quotas = QuotaWiring.wire(w, stores.outage());
        MeterRegistry metrics = ObservabilityWiring.metrics(w, quotas);
        Leadership leadership = ClusterWiring.leadership(w);
        WindowCompletion completion = PipelineWiring.completion(w, stores);
        // the triggers of catch-ups and DLQ passes (JMX, the console, a feed's lease taken): one template for all,
        // stopped with the wirings' resources, after the services that use it
        ProducerTemplate triggers = w.open(context.createProducerTemplate());
        Runnable retryPass = () -> triggers.sendBody(RetryWorker.DUE_TRIGGER, null);
        DeadLetterStore deadLetters = new DeadLetterStore(stores.db(), w.clock);
        UniverseWiring universes = new UniverseWiring(w, stores.db());
        FeedWiring.Wired feeds = FeedWiring.wire(w, stores, vendors, universes, deadLetters, completion, leadership,
                triggers, retryPass, metrics);
        universes.bindRouteBeans();
        LOG.info("Database schema version {}; feeds: {}", stores.db().schemaVersion(), String.join(", ", feeds.all().names()));
        FeedLeaders leaders = ClusterWiring.wire(w, stores.db(), feeds.all(), leadership, triggers);
        CatchUp catchUp = PipelineWiring.wire(w, stores, feeds.all());
        DeadLetterWiring.wire(w, deadLetters, feeds.all());
        BackfillWiring.Backfills backfills = BackfillWiring.wire(w, stores.db(), feeds.all(), catchUp, completion);
        if (consoleAccess != null) {
            ConsoleWiring.wire(w, consoleAccess, feeds, quotas, backfills, universes, leaders, leadership, retryPass);
        }
    }

    /**
     * The settings, checked; with the properties they derive (and the deployment's lease: the first feed's, so a
     * deployment of one feed keeps the one lease it always had) added for the routes' placeholders.
     */
    private static IngestSettings checkedSettings(CamelContext context) {
        PropertiesComponent pc = context.getPropertiesComponent();
        IngestSettings settings = IngestSettings.from(key -> pc.resolveProperty(key).orElse(null));
        settings.derivedProperties().forEach(pc::addOverrideProperty);
        pc.addOverrideProperty("ingest.deployment.lock", settings.firstFeed().name());
        context.getRegistry().bind("IngestSettings", settings);
        return settings;
    }
}
