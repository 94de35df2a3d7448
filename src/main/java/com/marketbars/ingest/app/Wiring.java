package com.marketbars.ingest.app;

import com.marketbars.ingest.settings.IngestSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * What every feature's wiring works with: the Camel context and its registry, the checked settings, the clock, the
 * process's environment, and the resources opened on the way (closed when Camel stops, last opened first). The
 * features' wirings ({@code *Wiring} in this package) bind their beans through it, each under its class name.
 */
final class Wiring {
    final CamelContext context;
    final IngestSettings settings;
    final Clock clock;
    /** The process's environment (the vendors' keys, the console's token); a spec in one JVM passes its own. */
    final Map<String, String> environment;
    private final Resources resources = new Resources();

    Wiring(CamelContext context, IngestSettings settings, Clock clock, Map<String, String> environment) throws Exception {
        this.context = context;
        this.settings = settings;
        this.clock = clock;
        this.environment = environment;
        context.addService(resources, true);
    }

    void bind(String name, Object bean) {
        context.getRegistry().bind(name, bean);
    }

    <T> T lookup(String name, Class<T> type) {
        return context.getRegistry().lookupByNameAndType(name, type);
    }

    /** Closed when Camel stops. */
    <T extends AutoCloseable> T open(T resource) {
        return resources.add(resource);
    }

    /** An MXBean of ours, {@code market-bars-ingest:type=TYPE,name=NAME}: the one JMX naming of the application. */
    void expose(String type, String name, Object mxBean) throws Exception {
        resources.add(Jmx.register("market-bars-ingest:type=" + type + ",name=" + name, mxBean));
    }

    String property(String key, String otherwise) {
        PropertiesComponent pc = context.getPropertiesComponent();
        return pc.resolveProperty(key).orElse(otherwise);
    }

    /** Whether Camel is still up: long-running work asks before its next step. */
    boolean running() {
        return !context.isStopping() && !context.isStopped();
    }

    /** Closes what the wirings opened (database pools, the embedded simulator) when Camel stops, last opened first. */
    private static final class Resources extends ServiceSupport {
        private final Deque<AutoCloseable> open = new ArrayDeque<>();

        synchronized <T extends AutoCloseable> T add(T resource) {
            open.push(resource);
            return resource;
        }

        @Override
        protected synchronized void doStop() throws Exception {
            while (!open.isEmpty()) {
                open.pop().close();
            }
        }
    }
}
