package com.marketbars.ingest.settings;

/** A configuration value that cannot be used. The message always starts with the offending key. */
public class ConfigException extends IllegalArgumentException {
    private final String key;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
