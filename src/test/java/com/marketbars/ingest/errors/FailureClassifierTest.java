package com.marketbars.ingest.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.providers.alpaca.AlpacaBarsResponse;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
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

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 422})
    void refusalsAreTheVendorObjectingToTheRequestItself(int status) {
        assertThat(FailureClassifier.isRefusal(http(status))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 408, 429, 500, 502, 503, 504})
    void credentialTimeoutQuotaAndServerFailuresAreNoRefusals(int status) {
        assertThat(FailureClassifier.isRefusal(http(status))).isFalse();
    }

    @Test
    void nonHttpFailuresAreNoRefusals() {
        assertThat(FailureClassifier.isRefusal(new IOException("connection reset"))).isFalse();
        assertThat(FailureClassifier.isRefusal(new IllegalArgumentException("bad symbol"))).isFalse();
        assertThat(FailureClassifier.isRefusal(null)).isFalse();
    }

    @Test
    void aRefusalWrappedByCamelIsStillFound() {
        assertThat(FailureClassifier.isRefusal(new RuntimeCamelException(http(422)))).isTrue();
        assertThat(FailureClassifier.isRefusal(new RuntimeCamelException(new IllegalStateException("wrapped", http(404))))).isTrue();
        assertThat(FailureClassifier.isRefusal(new RuntimeCamelException(http(503)))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 500, 502, 503, 504})
    void serverErrorsAndTimeoutsAreOutageSymptoms(int status) {
        assertThat(FailureClassifier.isOutageSymptom(http(status))).isTrue();
        assertThat(FailureClassifier.isOutageSymptom(new RuntimeCamelException(http(status)))).isTrue();
    }

    @Test
    void ioFailuresAreOutageSymptoms() {
        assertThat(FailureClassifier.isOutageSymptom(new SocketTimeoutException("Read timed out"))).isTrue();
        assertThat(FailureClassifier.isOutageSymptom(new ConnectException("Connection refused"))).isTrue();
        assertThat(FailureClassifier.isOutageSymptom(new RuntimeCamelException(new ConnectException("Connection refused")))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 422, 429})
    void quotaAnswersAndRefusalsAreNoOutageSymptoms(int status) {
        assertThat(FailureClassifier.isOutageSymptom(http(status))).isFalse();
    }

    @Test
    void ownFailuresAreNoOutageSymptoms() {
        assertThat(FailureClassifier.isOutageSymptom(new IllegalStateException("CircuitBreaker 'alpaca' is OPEN"))).isFalse();
        assertThat(FailureClassifier.isOutageSymptom(new IllegalArgumentException("bad symbol"))).isFalse();
        assertThat(FailureClassifier.isOutageSymptom(null)).isFalse();
    }

    @Test
    void aBodyThatDoesNotParseIsNoOutageSymptom() {
        Throwable parse = catchThrowable(() -> new ObjectMapper().readValue("{\"bars\":", AlpacaBarsResponse.class));
        assertThat(parse).isInstanceOf(com.fasterxml.jackson.core.JacksonException.class);
        assertThat(FailureClassifier.isOutageSymptom(parse)).isFalse();
        assertThat(FailureClassifier.isOutageSymptom(new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected end-of-input"))).isFalse();
    }

    @Test
    void vendorFailuresAreHttpAnswersUnparsableBodiesAndIo() {
        Throwable parse = catchThrowable(() -> new ObjectMapper().readValue("{\"bars\":", AlpacaBarsResponse.class));
        assertThat(FailureClassifier.isVendorFailure(http(429))).isTrue();
        assertThat(FailureClassifier.isVendorFailure(http(422))).isTrue();
        assertThat(FailureClassifier.isVendorFailure(parse)).isTrue();
        assertThat(FailureClassifier.isVendorFailure(new SocketTimeoutException())).isTrue();
        assertThat(FailureClassifier.isVendorFailure(new RuntimeCamelException(http(503)))).isTrue();
    }

    @Test
    void anAnswerTooLargeForAPageIsRedeliveredLikeAnUnparsablePageAndIsNoOutageSymptom() {
        Throwable tooLarge = new RuntimeCamelException(
                new com.marketbars.ingest.providers.ResponseSizeLimit.ResponseTooLargeException("larger than the limit"));
        assertThat(FailureClassifier.isTransient(tooLarge)).isTrue();
        assertThat(FailureClassifier.isVendorFailure(tooLarge)).isTrue();
        assertThat(FailureClassifier.isOutageSymptom(tooLarge)).as("the vendor answered: the circuit must not open").isFalse();
    }

    @Test
    void aPaginationThatLoopsIsAPermanentVendorFailureButNoOutageOrRefusal() {
        Throwable loop = new RuntimeCamelException(new com.marketbars.ingest.errors.VendorProtocolException("next_page_token loops"));
        assertThat(FailureClassifier.isVendorFailure(loop)).as("dead-lettered, not kept open forever").isTrue();
        assertThat(FailureClassifier.isTransient(loop)).as("asking again gives the same loop").isFalse();
        assertThat(FailureClassifier.isOutageSymptom(loop)).isFalse();
        assertThat(FailureClassifier.isRefusal(loop)).isFalse();
        assertThat(FailureClassifier.reason(loop)).isEqualTo("VendorProtocolException: next_page_token loops");
    }

    @Test
    void ownFailuresAreNoVendorFailures() {
        assertThat(FailureClassifier.isVendorFailure(new IllegalStateException("CircuitBreaker 'alpaca' is OPEN"))).isFalse();
        assertThat(FailureClassifier.isVendorFailure(new RuntimeException("database is locked"))).isFalse();
        assertThat(FailureClassifier.isVendorFailure(null)).isFalse();
    }

    @Test
    void anExchangeIsACredentialFailureOnlyFor401And403() throws Exception {
        FailureClassifier classifier = new FailureClassifier();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            assertThat(classifier.isCredentialFailure(caught(camel, http(401)))).isTrue();
            assertThat(classifier.isCredentialFailure(caught(camel, http(403)))).isTrue();
            assertThat(classifier.isCredentialFailure(caught(camel, http(422)))).isFalse();
            assertThat(classifier.isCredentialFailure(caught(camel, http(429)))).isFalse();
            assertThat(classifier.isCredentialFailure(caught(camel, new IOException("reset")))).isFalse();
        }
    }

    @Test
    void theReasonOfAnHttpFailureIsItsStatusAndBody() {
        assertThat(FailureClassifier.reason(http(422))).isEqualTo("HTTP 422: {\"message\":\"x\"}");
        assertThat(FailureClassifier.reason(new RuntimeCamelException(http(503)))).isEqualTo("HTTP 503: {\"message\":\"x\"}");
    }

    @Test
    void theReasonOfAnHttpFailureWithoutBodyIsItsStatus() {
        assertThat(FailureClassifier.reason(httpWithBody(503, null))).isEqualTo("HTTP 503");
        assertThat(FailureClassifier.reason(httpWithBody(503, "  \n "))).isEqualTo("HTTP 503");
    }

    @Test
    void theReasonIsOneLineAndAbbreviated() {
        String body = "{\"message\":\"invalid\n\tsymbol\"}\r\n" + "x".repeat(1000);

        String reason = FailureClassifier.reason(httpWithBody(400, body));

        assertThat(reason).doesNotContain("\n", "\r", "\t");
        assertThat(reason).startsWith("HTTP 400: {\"message\":\"invalid symbol\"} xxx");
        assertThat(reason).endsWith("...");
        assertThat(reason.length()).isLessThanOrEqualTo(320);
    }

    @Test
    void theReasonNeverHoldsTheRequestUri() {
        HttpOperationFailedException h = new HttpOperationFailedException(
                "https://data.alpaca.markets/v2/stocks/bars?symbols=AAPL&page_token=secret-token", 422, "Unprocessable Entity",
                null, Map.of("Content-Type", "application/json"), "{\"message\":\"invalid symbol\"}");
        assertThat(h.getMessage()).contains("data.alpaca.markets");

        assertThat(FailureClassifier.reason(h)).isEqualTo("HTTP 422: {\"message\":\"invalid symbol\"}")
                .doesNotContain("alpaca.markets", "page_token", "secret-token");
        assertThat(FailureClassifier.reason(new RuntimeCamelException("failed calling " + h.getUri(), h)))
                .doesNotContain("alpaca.markets");
    }

    @Test
    void theReasonOfAnIoFailureIsItsClassAndMessage() {
        assertThat(FailureClassifier.reason(new SocketTimeoutException("Read timed out")))
                .isEqualTo("SocketTimeoutException: Read timed out");
        assertThat(FailureClassifier.reason(new RuntimeCamelException("route failed", new ConnectException("Connection refused"))))
                .isEqualTo("ConnectException: Connection refused");
    }

    @Test
    void theReasonOfAnyOtherFailureIsItsRootCause() {
        assertThat(FailureClassifier.reason(new IllegalStateException("CircuitBreaker 'alpaca' is OPEN")))
                .isEqualTo("IllegalStateException: CircuitBreaker 'alpaca' is OPEN");
        assertThat(FailureClassifier.reason(new RuntimeException("outer", new IllegalArgumentException("inner\nline"))))
                .isEqualTo("IllegalArgumentException: inner line");
    }

    private static HttpOperationFailedException httpWithBody(int status, String body) {
        return new HttpOperationFailedException("http://127.0.0.1/v2/stocks/bars", status, "status " + status, null, Map.of(), body);
    }

    private static Exchange caught(DefaultCamelContext camel, Throwable t) {
        Exchange ex = new DefaultExchange(camel);
        ex.setProperty(Exchange.EXCEPTION_CAUGHT, t);
        return ex;
    }
}
