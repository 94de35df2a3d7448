package com.marketbars.ingest.console;

import com.marketbars.ingest.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Who may use the management port: loopback needs no token; any other binding needs one of 16+ characters. */
class ConsoleAccessTest {
    private static final String TOKEN = "0123456789abcdef-token";

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost", "::1"})
    void onLoopbackNoTokenIsNeeded(String host) {
        ConsoleAccess a = ConsoleAccess.of(host, null);
        assertThat(a.requiresToken()).isFalse();
        assertThat(a.admits(null)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "", "10.1.2.3", "no-such-host.invalid"})
    void anyOtherBindingWithoutATokenIsRefusedNamingTheKey(String host) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConsoleAccess.of(host, null));
        assertThat(e.key()).isEqualTo("camel.management.host");
        assertThat(e.getMessage()).contains(ConsoleAccess.TOKEN_ENV);
    }

    @Test
    void aShortTokenIsRefusedWithoutShowingIt() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConsoleAccess.of("0.0.0.0", "short-secret"));
        assertThat(e.key()).isEqualTo(ConsoleAccess.TOKEN_ENV);
        assertThat(e.getMessage()).doesNotContain("short-secret");
    }

    @Test
    void withATokenOnlyTheBearerOfExactlyItIsAdmittedOnLoopbackToo() {
        for (String host : new String[]{"0.0.0.0", "127.0.0.1"}) {
            ConsoleAccess a = ConsoleAccess.of(host, TOKEN);
            assertThat(a.admits("Bearer " + TOKEN)).isTrue();
            assertThat(a.admits(null)).isFalse();
            assertThat(a.admits(TOKEN)).isFalse();
            assertThat(a.admits("Bearer " + TOKEN + "x")).isFalse();
            assertThat(a.admits("Bearer " + TOKEN.substring(1))).isFalse();
            assertThat(a.admits("Basic " + TOKEN)).isFalse();
        }
    }
}
