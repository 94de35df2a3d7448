package com.marketbars.ingest.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * application.properties names the packaged route files one by one (a classpath: wildcard makes Camel read the whole
 * jar at every start), so a file added to routes/ must be added there too - or the jar would quietly run without it.
 */
class RoutesListedTest {

    @Test
    void everyFileOfRoutesIsNamedInTheIncludePattern() throws IOException {
        Properties defaults = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
            defaults.load(in);
        }
        Set<String> named = Arrays.stream(defaults.getProperty("camel.main.routes-include-pattern").split(","))
                .map(String::trim)
                .collect(Collectors.toSet());
        Set<String> files;
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            files = routes.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".camel.yaml"))
                    .map(name -> "classpath:routes/" + name)
                    .collect(Collectors.toSet());
        }
        assertThat(files).isNotEmpty();
        assertThat(named).isEqualTo(files);
    }
}
