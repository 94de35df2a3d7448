package com.marketbars.ingest.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Options every Camel-backed command shares. */
public class CommonOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "An extra properties file, read after ./application.properties.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable), e.g. --set ingest.db.url=jdbc:sqlite:x.db")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--feed", paramLabel = "NAME", description = "The feed to work on (default: the only one; required when ingest.feeds lists several).")
    String feed;
}
