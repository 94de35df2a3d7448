package com.marketbars.ingest.providers.alpaca;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

import java.util.Map;

/**
 * Adds Alpaca's key headers to every request at the HTTP client, below Camel: the keys never enter an exchange,
 * so they cannot reach a log line, a DLQ payload, JMX or an exception message. Read from the environment
 * variables {@code APCA_KEY_ID} and {@code APCA_SECRET} only.
 */
public final class AlpacaCredentials implements HttpClientConfigurer {
    public static final String KEY_ID_ENV = "APCA_KEY_ID";
    public static final String SECRET_ENV = "APCA_SECRET";

    private final String keyId;
    private final String secret;

    private AlpacaCredentials(String keyId, String secret) {
        this.keyId = keyId;
        this.secret = secret;
    }

    public static AlpacaCredentials fromEnvironment(Map<String, String> env) {
        String id = env.get(KEY_ID_ENV);
        String secret = env.get(SECRET_ENV);
        return new AlpacaCredentials(blankToNull(id), blankToNull(secret));
    }

    public boolean present() {
        return keyId != null && secret != null;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        if (!present()) {
            return;
        }
        builder.addRequestInterceptorFirst((request, entity, context) -> {
            request.setHeader("APCA-API-KEY-ID", keyId);
            request.setHeader("APCA-API-SECRET-KEY", secret);
        });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return present() ? "AlpacaCredentials[key id and secret set, redacted]" : "AlpacaCredentials[none]";
    }
}
