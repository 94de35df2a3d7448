package com.marketbars.ingest.app;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the camel-main application the way every command does: defaults from the jar's
 * application.properties, then ./application.properties, then {@code --config FILE}; each key can be overridden
 * by {@code -Dkey=value} or by its environment variable (INGEST_DB_URL for ingest.db.url), as Camel does natively.
 */
public final class IngestRuntime {
    private final Main main;

    private IngestRuntime(Main main) {
        this.main = main;
    }

    /** Property files, highest priority first (Camel takes a key from the first location that has it). */
    public static String propertyLocations(Path extraConfig) {
        StringBuilder locations = new StringBuilder();
        if (extraConfig != null) {
            if (!Files.isReadable(extraConfig)) {
                throw new IllegalArgumentException("--config: cannot read " + extraConfig.toAbsolutePath());
            }
            locations.append("file:").append(extraConfig.toAbsolutePath()).append(',');
        }
        if (Files.exists(Path.of("application.properties"))) {
            locations.append("file:application.properties,");
        }
        return locations.append("classpath:application.properties;optional=true").toString();
    }

    public static Main newMain(Path extraConfig, Map<String, String> overrides) {
        return newMain(extraConfig, overrides, System.getenv());
    }

    /** @param environment the variables the process reads (vendor keys, the console's token): a spec's own */
    public static Main newMain(Path extraConfig, Map<String, String> overrides, Map<String, String> environment) {
        Main main = new Main();
        main.configure().addConfiguration(new IngestConfiguration(environment));
        // before Camel's metrics support makes a registry of its own, so that the filter applies to every meter
        main.bind("metricsRegistry", com.marketbars.ingest.observability.IngestMetrics.newRegistry());
        main.setPropertyPlaceholderLocations(propertyLocations(extraConfig));
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    /** Starts Camel without blocking (for one-shot commands); close() stops it. */
    public static IngestRuntime start(Path extraConfig, Map<String, String> overrides) throws Exception {
        return start(extraConfig, overrides, System.getenv());
    }

    /** As {@link #start(Path, Map)}, reading {@code environment} instead of the process's variables. */
    public static IngestRuntime start(Path extraConfig, Map<String, String> overrides, Map<String, String> environment) throws Exception {
        Main main = newMain(extraConfig, overrides, environment);
        main.start();
        if (main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
            throw new IllegalStateException("Camel did not start; see the log above");
        }
        return new IngestRuntime(main);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        T bean = context().getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean '" + name + "' of type " + type.getSimpleName());
        }
        return bean;
    }

    public void stop() {
        main.stop();
    }
}
