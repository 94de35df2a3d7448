package com.marketbars.ingest.providers.alpaca;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class AlpacaCredentialsTest {

    private static final String KEY_ID = "PKTESTKEYID12345";
    private static final String SECRET = "s3cr3t-Value-Never-Logged";

    private static Map<String, String> env(String keyId, String secret) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/bin");
        if (keyId != null) {
            env.put(AlpacaCredentials.KEY_ID_ENV, keyId);
        }
        if (secret != null) {
            env.put(AlpacaCredentials.SECRET_ENV, secret);
        }
        return env;
    }

    @Test
    void theEnvironmentVariablesAreApcaKeyIdAndApcaSecret() {
        assertThat(AlpacaCredentials.KEY_ID_ENV).isEqualTo("APCA_KEY_ID");
        assertThat(AlpacaCredentials.SECRET_ENV).isEqualTo("APCA_SECRET");
    }

    @Test
    void credentialsArePresentOnlyWhenBothTheKeyIdAndTheSecretAreSet() {
        assertThat(AlpacaCredentials.fromEnvironment(env(KEY_ID, SECRET)).present()).isTrue();
        assertThat(AlpacaCredentials.fromEnvironment(env(KEY_ID, null)).present()).isFalse();
        assertThat(AlpacaCredentials.fromEnvironment(env(null, SECRET)).present()).isFalse();
        assertThat(AlpacaCredentials.fromEnvironment(env(null, null)).present()).isFalse();
        assertThat(AlpacaCredentials.fromEnvironment(Map.of()).present()).isFalse();
    }

    @Test
    void blankValuesCountAsAbsent() {
        assertThat(AlpacaCredentials.fromEnvironment(env("  ", SECRET)).present()).isFalse();
        assertThat(AlpacaCredentials.fromEnvironment(env(KEY_ID, "")).present()).isFalse();
    }

    @Test
    void toStringNeverContainsTheKeyIdOrTheSecret() {
        AlpacaCredentials c = AlpacaCredentials.fromEnvironment(env(KEY_ID, SECRET));
        assertThat(c.toString())
                .doesNotContain(KEY_ID)
                .doesNotContain(SECRET)
                .doesNotContain(SECRET.substring(0, 6))
                .contains("redacted");
        assertThat(String.valueOf(AlpacaCredentials.fromEnvironment(Map.of()))).contains("none");
    }

    @Test
    void theConfiguredHttpClientSendsTheKeyHeadersTrimmed() throws Exception {
        Headers seen = send(AlpacaCredentials.fromEnvironment(env(" " + KEY_ID + " ", SECRET + "\n")));
        assertThat(seen.getFirst("APCA-API-KEY-ID")).isEqualTo(KEY_ID);
        assertThat(seen.getFirst("APCA-API-SECRET-KEY")).isEqualTo(SECRET);
    }

    @Test
    void withoutCredentialsTheHttpClientSendsNoKeyHeaders() throws Exception {
        Headers seen = send(AlpacaCredentials.fromEnvironment(env(KEY_ID, null)));
        assertThat(seen.containsKey("APCA-API-KEY-ID")).isFalse();
        assertThat(seen.containsKey("APCA-API-SECRET-KEY")).isFalse();
    }

    /** The headers a loopback server received from an Apache HTTP client configured with these credentials. */
    private static Headers send(AlpacaCredentials credentials) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicReference<Headers> seen = new AtomicReference<>();
        server.createContext("/", ex -> {
            seen.set(ex.getRequestHeaders());
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        try {
            HttpClientBuilder builder = HttpClientBuilder.create();
            credentials.configureHttpClient(builder);
            try (CloseableHttpClient client = builder.build()) {
                int status = client.execute(new HttpGet("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/stocks/bars"),
                        response -> {
                            EntityUtils.consume(response.getEntity());
                            return response.getCode();
                        });
                assertThat(status).isEqualTo(204);
            }
        } finally {
            server.stop(0);
        }
        return seen.get();
    }
}
