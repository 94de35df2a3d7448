package com.marketbars.ingest.providers.massive;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

import java.util.Map;

/**
 * Adds Massive's key as {@code Authorization: Bearer} to every request at the HTTP client, below Camel: the key never
 * enters an exchange, so it cannot reach a log line, a DLQ payload, JMX, an exception message or a stored URL (it is
 * never put in one: Massive's {@code apiKey} query parameter is not used). Read from the environment variable
 * {@code MASSIVE_API_KEY} only. Configure only the Massive endpoint's HTTP client with it.
 */
public final class MassiveCredentials implements HttpClientConfigurer {
    public static final String KEY_ENV = "MASSIVE_API_KEY";

    private final String key;

    private MassiveCredentials(String key) {
        this.key = key;
    }

    public static MassiveCredentials fromEnvironment(Map<String, String> env) {
        String key = env.get(KEY_ENV);
        return new MassiveCredentials(key == null || key.isBlank() ? null : key.trim());
    }

    public boolean present() {
        return key != null;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        if (!present()) {
            return;
        }
        builder.addRequestInterceptorFirst((request, entity, context) -> request.setHeader("Authorization", "Bearer " + key));
    }

    @Override
    public String toString() {
        return present() ? "MassiveCredentials[key set, redacted]" : "MassiveCredentials[none]";
    }
}
