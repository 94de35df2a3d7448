package com.marketbars.ingest.console;

import com.marketbars.ingest.settings.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Who may use the management port: there is always a token (made at random on loopback when none is set; bound beyond
 * loopback, one of 16+ characters must be set), and the port answers only to its own names.
 */
class ConsoleAccessTest {
    private static final String TOKEN = "0123456789abcdef-token";

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost", "::1"})
    void onLoopbackWithoutATokenOneIsMadeForTheRunAndRequired(String host) {
        ConsoleAccess a = ConsoleAccess.of(host, null, null);
        assertThat(a.tokenGenerated()).isTrue();
        assertThat(a.admits(null)).isFalse();
        String url = a.consoleUrlWithToken(host, 9876);
        String token = url.substring(url.indexOf("#token=") + "#token=".length());
        assertThat(token).hasSizeGreaterThanOrEqualTo(43);
        assertThat(a.admits("Bearer " + token)).isTrue();
        assertThat(ConsoleAccess.of(host, null, null).admits("Bearer " + token)).as("another run, another token").isFalse();
    }

    @Test
    void thePrintedUrlCarriesTheTokenInItsFragmentWhichBrowsersNeverSend() {
        assertThat(ConsoleAccess.of("127.0.0.1", null, null).consoleUrlWithToken("127.0.0.1", 9876))
                .startsWith("http://127.0.0.1:9876/console/#token=");
        assertThat(ConsoleAccess.consoleUrl("::1", 9876)).isEqualTo("http://[::1]:9876/console/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "", "10.1.2.3", "no-such-host.invalid"})
    void anyOtherBindingWithoutATokenIsRefusedNamingTheKey(String host) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConsoleAccess.of(host, null, null));
        assertThat(e.key()).isEqualTo("camel.management.host");
        assertThat(e.getMessage()).contains(ConsoleAccess.TOKEN_ENV);
    }

    @Test
    void aShortTokenIsRefusedWithoutShowingIt() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConsoleAccess.of("0.0.0.0", "short-secret", null));
        assertThat(e.key()).isEqualTo(ConsoleAccess.TOKEN_ENV);
        assertThat(e.getMessage()).doesNotContain("short-secret");
    }

    @Test
    void withATokenOnlyTheBearerOfExactlyItIsAdmittedOnLoopbackToo() {
        for (String host : new String[]{"0.0.0.0", "127.0.0.1"}) {
            ConsoleAccess a = ConsoleAccess.of(host, TOKEN, null);
            assertThat(a.tokenGenerated()).isFalse();
            assertThat(a.admits("Bearer " + TOKEN)).isTrue();
            assertThat(a.admits(null)).isFalse();
            assertThat(a.admits(TOKEN)).isFalse();
            assertThat(a.admits("Bearer " + TOKEN + "x")).isFalse();
            assertThat(a.admits("Bearer " + TOKEN.substring(1))).isFalse();
            assertThat(a.admits("Basic " + TOKEN)).isFalse();
        }
    }

    @Test
    void onLoopbackThePortAnswersToItsAddressAndLocalhostOnly() {
        ConsoleAccess a = ConsoleAccess.of("127.0.0.1", null, null);
        assertThat(a.admitsHost("127.0.0.1:9876")).isTrue();
        assertThat(a.admitsHost("localhost:9876")).isTrue();
        assertThat(a.admitsHost("LOCALHOST")).isTrue();
        assertThat(a.admitsHost("[::1]:9876")).isTrue();
        assertThat(a.admitsHost("evil.example:9876")).as("a rebound name").isFalse();
        assertThat(a.admitsHost("127.0.0.1.evil.example:9876")).isFalse();
        assertThat(a.admitsHost("localhost.evil.example")).isFalse();
        assertThat(a.admitsHost("0.0.0.0:9876")).isFalse();
        assertThat(a.admitsHost(null)).isFalse();
        assertThat(a.admitsHost("")).isFalse();
        assertThat(a.admitsHost("::1")).as("an unbracketed IPv6 literal is not a Host").isFalse();
    }

    @Test
    void boundToEveryInterfaceItAnswersToTheNamesTheOperatorGaveAndLoopbackOnes() {
        ConsoleAccess a = ConsoleAccess.of("0.0.0.0", TOKEN, " ingest.example.com, 10.0.0.5 ,[fd00::5]");
        assertThat(a.admitsHost("ingest.example.com:9876")).isTrue();
        assertThat(a.admitsHost("Ingest.Example.COM")).isTrue();
        assertThat(a.admitsHost("10.0.0.5:9876")).isTrue();
        assertThat(a.admitsHost("[fd00::5]:9876")).isTrue();
        assertThat(a.admitsHost("127.0.0.1:9876")).isTrue();
        assertThat(a.admitsHost("0.0.0.0:9876")).isFalse();
        assertThat(a.admitsHost("10.0.0.6:9876")).isFalse();
        assertThat(a.admitsHost("other.example.com")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://ingest.example.com", "ingest.example.com:9876", "*.example.com", "bad_name", "a b", "cafe:9876"})
    void anAllowedHostThatIsNotAHostNameIsRefusedAtStartNamingTheKey(String name) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConsoleAccess.of("127.0.0.1", null, "ok.example.com," + name));
        assertThat(e).as(name).isNotNull();
        assertThat(e.key()).isEqualTo(ConsoleAccess.ALLOWED_HOSTS_KEY);
        assertThat(e.getMessage()).contains(name.strip());
    }

    @Test
    void anOriginIsTheConsolesOwnOnlyWhenItNamesTheHostTheRequestWasSentTo() {
        assertThat(RequestGuard.sameOrigin("http://127.0.0.1:9876", "127.0.0.1:9876")).isTrue();
        assertThat(RequestGuard.sameOrigin("https://ingest.example.com", "ingest.example.com")).isTrue();
        assertThat(RequestGuard.sameOrigin("http://evil.example", "127.0.0.1:9876")).isFalse();
        assertThat(RequestGuard.sameOrigin("http://127.0.0.1:8080", "127.0.0.1:9876")).as("another port is another site").isFalse();
        assertThat(RequestGuard.sameOrigin("null", "127.0.0.1:9876")).isFalse();
        assertThat(RequestGuard.isJson("application/json; charset=utf-8")).isTrue();
        assertThat(RequestGuard.isJson("text/json")).isTrue();
        assertThat(RequestGuard.isJson("text/plain")).isFalse();
        assertThat(RequestGuard.isJson("application/x-www-form-urlencoded")).isFalse();
        assertThat(RequestGuard.isJson(null)).isFalse();
    }
}
