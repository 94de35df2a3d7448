package com.marketbars.ingest.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.vendor.alpaca.AlpacaBarsResponse;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class FailureClassifierTest {

    private static HttpOperationFailedException http(int status) {
        return new HttpOperationFailedException("http://127.0.0.1/v2/stocks/bars", status, "status " + status, null,
                Map.of("Content-Type", "application/json"), "{\"message\":\"x\"}");
    }

    @Test
    void ioFailuresAreTransient() {
        assertThat(FailureClassifier.isTransient(new IOException("connection reset"))).isTrue();
        assertThat(FailureClassifier.isTransient(new SocketTimeoutException("Read timed out"))).isTrue();
        assertThat(FailureClassifier.isTransient(new ConnectException("Connection refused"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void timeoutsRateLimitsAndServerErrorsAreTransient(int status) {
        assertThat(FailureClassifier.isTransient(http(status))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 422})
    void clientErrorsArePermanent(int status) {
        assertThat(FailureClassifier.isTransient(http(status))).isFalse();
    }

    @Test
    void aBodyCutShortIsTransient() {
        Throwable parse = catchThrowable(() -> new ObjectMapper().readValue("{\"bars\":", AlpacaBarsResponse.class));
        assertThat(parse).isInstanceOf(com.fasterxml.jackson.core.JacksonException.class);
        assertThat(FailureClassifier.isTransient(parse)).isTrue();
    }

    @Test
    void theCauseChainIsFollowed() {
        assertThat(FailureClassifier.isTransient(new RuntimeException("route failed",
                new IllegalStateException("wrapped", new SocketTimeoutException("Read timed out"))))).isTrue();
        assertThat(FailureClassifier.isTransient(new UncheckedIOException(new IOException("reset")))).isTrue();
        assertThat(FailureClassifier.isTransient(new RuntimeException(http(503)))).isTrue();
        assertThat(FailureClassifier.isTransient(new RuntimeException(http(401)))).isFalse();
    }

    @Test
    void programmingErrorsAndNothingArePermanent() {
        assertThat(FailureClassifier.isTransient(new IllegalArgumentException("bad symbol"))).isFalse();
        assertThat(FailureClassifier.isTransient(new NullPointerException())).isFalse();
        assertThat(FailureClassifier.isTransient(new RuntimeException("no cause"))).isFalse();
        assertThat(FailureClassifier.isTransient((Throwable) null)).isFalse();
    }

    @Test
    void anExchangeIsJudgedByItsExceptionOrElseTheCaughtOne() throws Exception {
        FailureClassifier classifier = new FailureClassifier();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange failed = new DefaultExchange(camel);
            failed.setException(new CamelExecutionException("failed", failed, http(429)));
            assertThat(classifier.isTransient(failed)).isTrue();

            Exchange handled = new DefaultExchange(camel);
            handled.setProperty(Exchange.EXCEPTION_CAUGHT, http(403));
            assertThat(classifier.isTransient(handled)).isFalse();

            Exchange handledTransient = new DefaultExchange(camel);
            handledTransient.setProperty(Exchange.EXCEPTION_CAUGHT, new SocketTimeoutException());
            assertThat(classifier.isTransient(handledTransient)).isTrue();

            assertThat(classifier.isTransient(new DefaultExchange(camel))).isFalse();
        }
    }
}
