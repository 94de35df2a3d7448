package com.marketbars.ingest.cli;

import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.settings.IngestSettings;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.nio.file.Path;
import java.util.Map;

/** Reads the settings with the same sources and precedence as the daemon, for commands that need no routes. */
final class SettingsLoader {
    private SettingsLoader() {
    }

    static IngestSettings load(Path extraConfig, Map<String, String> overrides) throws java.io.IOException {
        try (DefaultCamelContext ctx = new DefaultCamelContext()) {
            PropertiesComponent pc = ctx.getPropertiesComponent();
            pc.setLocation(IngestRuntime.propertyLocations(extraConfig));
            overrides.forEach(pc::addOverrideProperty);
            return IngestSettings.from(key -> pc.resolveProperty(key).orElse(null));
        }
    }
}
