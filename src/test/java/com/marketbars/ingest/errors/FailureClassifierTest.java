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

import com.marketbars.ingest.settings.CircuitSettings;
import com.marketbars.ingest.pipeline.IncompleteWindowException;
import com.marketbars.ingest.providers.ResponseSizeLimit;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class FailureClassifierTest {

    private static HttpOperationFailedException http(int status) {
        return new HttpOperationFailedException("http://127.0.0.1/v2/stocks/bars", status, "status " + status, null,
                Map.of("Content-Type", "application/json"), "{\"message\":\"x\"}");
    }

    private static Throwable unparsable() {
        Throwable parse = catchThrowable(() -> new ObjectMapper().readValue("{\"bars\":", AlpacaBarsResponse.class));
        assertThat(parse).isInstanceOf(com.fasterxml.jackson.core.JacksonException.class);
        return parse;
    }

    private static SQLException sqlite(SQLiteErrorCode code) {
        return new SQLiteException("[" + code.name() + "] " + code.message, code);
    }

    // ---- one classification: the kind of each failure ------------------------------------------------------

    @Test
    void aRateLimitIsRateLimited() {
        assertThat(FailureKind.of(http(429))).isEqualTo(FailureKind.RATE_LIMITED);
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 500, 502, 503, 504})
    void serverErrorsAndRequestTimeoutsAreAVendorOutage(int status) {
        assertThat(FailureKind.of(http(status))).isEqualTo(FailureKind.VENDOR_OUTAGE);
    }

    @Test
    void ioFailuresAreAVendorOutage() {
        assertThat(FailureKind.of(new IOException("connection reset"))).isEqualTo(FailureKind.VENDOR_OUTAGE);
        assertThat(FailureKind.of(new SocketTimeoutException("Read timed out"))).isEqualTo(FailureKind.VENDOR_OUTAGE);
        assertThat(FailureKind.of(new ConnectException("Connection refused"))).isEqualTo(FailureKind.VENDOR_OUTAGE);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 409, 422})
    void otherClientErrorsAreRefusals(int status) {
        assertThat(FailureKind.of(http(status))).isEqualTo(FailureKind.REFUSED);
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void unauthorizedAndForbiddenAreCredentialsRefused(int status) {
        assertThat(FailureKind.of(http(status))).isEqualTo(FailureKind.CREDENTIALS_REFUSED);
    }

    @Test
    void aBodyCutShortOrTooLargeIsABadAnswerNotAnOutageThoughBothAreIoExceptions() {
        assertThat(unparsable()).isInstanceOf(IOException.class);
        assertThat(FailureKind.of(unparsable())).isEqualTo(FailureKind.BAD_ANSWER);
        assertThat(FailureKind.of(new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected end-of-input")))
                .isEqualTo(FailureKind.BAD_ANSWER);
        assertThat(FailureKind.of(new RuntimeCamelException(new ResponseSizeLimit.ResponseTooLargeException("larger than the limit"))))
                .isEqualTo(FailureKind.BAD_ANSWER);
    }

    @Test
    void aPaginationThatLoopsIsAProtocolViolation() {
        assertThat(FailureKind.of(new RuntimeCamelException(new VendorProtocolException("next_page_token loops"))))
                .isEqualTo(FailureKind.PROTOCOL_VIOLATION);
    }

    @Test
    void aRejectionStormIsABrokenVendorContractDeadLetteredAtOnceWithItsWindowHeld() throws Exception {
        Throwable storm = new RuntimeCamelException(new VendorContractException("rejection storm: 390 of 390 refused"));
        assertThat(FailureKind.of(storm)).isEqualTo(FailureKind.VENDOR_CONTRACT);
        FailureKind k = FailureKind.VENDOR_CONTRACT;
        assertThat(k.redelivered()).as("the same page would be refused again").isFalse();
        assertThat(k.countsAsOutage()).as("the vendor answered").isFalse();
        assertThat(k.keepsWindowOpen(true)).as("dead-lettered: its DLQ row holds the rule, count and example").isFalse();
        assertThat(k.isolatable()).as("halving would only make a row per symbol").isFalse();
        assertThat(k.stopsSource()).isFalse();
        assertThat(EnumSet.allOf(FailureKind.class).stream().filter(FailureKind::holdsWindow)).containsExactly(FailureKind.VENDOR_CONTRACT);
        assertThat(FailureClassifier.reason(storm)).isEqualTo("VendorContractException: rejection storm: 390 of 390 refused");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            FailureClassifier classifier = new FailureClassifier();
            assertThat(classifier.holdsWindow(caught(camel, new VendorContractException("storm")))).isTrue();
            assertThat(classifier.holdsWindow(caught(camel, http(400)))).isFalse();
            assertThat(classifier.isTransient(caught(camel, new VendorContractException("storm")))).isFalse();
        }
    }

    @Test
    void aCallTheCircuitRefusedIsCircuitOpen() {
        CircuitBreaker open = CircuitBreaker.ofDefaults("alpaca");
        open.transitionToOpenState();
        Throwable refused = catchThrowable(() -> open.executeRunnable(() -> { }));
        assertThat(FailureKind.of(new RuntimeCamelException(refused))).isEqualTo(FailureKind.CIRCUIT_OPEN);
    }

    @Test
    void transientDatabaseFailuresAreDatabaseUnavailable() {
        assertThat(FailureKind.of(new StoreException("writing 10 bars failed", new SQLException("FATAL: terminating connection due to administrator command", "57P01")))).isEqualTo(FailureKind.DATABASE_UNAVAILABLE);
        assertThat(FailureKind.of(new SQLException("Connection refused", "08001"))).isEqualTo(FailureKind.DATABASE_UNAVAILABLE);
        assertThat(FailureKind.of(new SQLException("could not serialize access", "40001"))).isEqualTo(FailureKind.DATABASE_UNAVAILABLE);
        assertThat(FailureKind.of(new SQLTransientConnectionException("ingest-db - Connection is not available, request timed out after 30000ms.")))
                .isEqualTo(FailureKind.DATABASE_UNAVAILABLE);
        assertThat(FailureKind.of(new StoreException("advancing checkpoints failed", sqlite(SQLiteErrorCode.SQLITE_BUSY))))
                .isEqualTo(FailureKind.DATABASE_UNAVAILABLE);
        assertThat(FailureKind.of(new DatabaseUnavailableException(Instant.EPOCH, Duration.ofMinutes(10), null)))
                .isEqualTo(FailureKind.DATABASE_UNAVAILABLE);
    }

    @Test
    void aDatabaseFailureWithAnIoErrorUnderneathIsTheDatabaseNotTheVendor() {
        SQLException lost = new SQLException("An I/O error occurred while sending to the backend.", "08006",
                new java.net.SocketException("Connection reset"));
        assertThat(FailureKind.of(new StoreException("writing 10 bars failed", lost))).isEqualTo(FailureKind.DATABASE_UNAVAILABLE);
    }

    @Test
    void permanentDatabaseFailuresAreDatabaseFailed() {
        assertThat(FailureKind.of(new StoreException("writing 10 bars failed", sqlite(SQLiteErrorCode.SQLITE_FULL))))
                .isEqualTo(FailureKind.DATABASE_FAILED);
        assertThat(FailureKind.of(sqlite(SQLiteErrorCode.SQLITE_READONLY))).isEqualTo(FailureKind.DATABASE_FAILED);
        assertThat(FailureKind.of(new SQLException("could not extend file: No space left on device", "53100"))).isEqualTo(FailureKind.DATABASE_FAILED);
        assertThat(FailureKind.of(new SQLException("password authentication failed for user \"x\"", "28P01"))).isEqualTo(FailureKind.DATABASE_FAILED);
        assertThat(FailureKind.of(new SQLException("database \"nope\" does not exist", "3D000"))).isEqualTo(FailureKind.DATABASE_FAILED);
        assertThat(FailureKind.of(new SQLException("syntax error at or near \"SELEC\"", "42601"))).isEqualTo(FailureKind.DATABASE_FAILED);
    }

    @Test
    void aPoolTimeoutThatWrapsARefusedLoginIsTheRefusedLogin() {
        SQLException login = new SQLException("password authentication failed for user \"ingest\"", "28P01");
        SQLException pool = new SQLTransientConnectionException("ingest-db - Connection is not available", "28P01", login);
        assertThat(FailureKind.of(pool)).isEqualTo(FailureKind.DATABASE_FAILED);
        assertThat(DatabaseFault.of(pool)).isEqualTo(DatabaseFault.LOGIN_REFUSED);
    }

    @Test
    void anIncompleteWindowIsOfTheKindThatKeptItOpen() {
        assertThat(FailureKind.of(new RuntimeCamelException(new IncompleteWindowException("w", FailureKind.DATABASE_UNAVAILABLE))))
                .isEqualTo(FailureKind.DATABASE_UNAVAILABLE);
        assertThat(FailureKind.of(new IncompleteWindowException("w"))).isEqualTo(FailureKind.INTERNAL);
    }

    @Test
    void ourOwnFailuresAndNothingAreInternal() {
        assertThat(FailureKind.of(new IllegalArgumentException("bad symbol"))).isEqualTo(FailureKind.INTERNAL);
        assertThat(FailureKind.of(new NullPointerException())).isEqualTo(FailureKind.INTERNAL);
        assertThat(FailureKind.of(new RuntimeException("no cause"))).isEqualTo(FailureKind.INTERNAL);
        assertThat(FailureKind.of(null)).isEqualTo(FailureKind.INTERNAL);
    }

    @Test
    void theCauseChainIsWalkedAndTheOutermostRecognisedExceptionDecides() {
        assertThat(FailureKind.of(new RuntimeException("route failed",
                new IllegalStateException("wrapped", new SocketTimeoutException("Read timed out"))))).isEqualTo(FailureKind.VENDOR_OUTAGE);
        assertThat(FailureKind.of(new UncheckedIOException(new IOException("reset")))).isEqualTo(FailureKind.VENDOR_OUTAGE);
        assertThat(FailureKind.of(new CamelExecutionException("failed", null, http(503)))).isEqualTo(FailureKind.VENDOR_OUTAGE);
        assertThat(FailureKind.of(new RuntimeCamelException(new IllegalStateException("wrapped", http(404))))).isEqualTo(FailureKind.REFUSED);
        assertThat(FailureKind.of(new RuntimeException(http(401)))).isEqualTo(FailureKind.CREDENTIALS_REFUSED);
    }

    // ---- what each kind means ------------------------------------------------------------------------------

    @Test
    void onlyRateLimitsOutagesAndBadAnswersAreRedelivered() {
        assertThat(EnumSet.allOf(FailureKind.class).stream().filter(FailureKind::redelivered))
                .containsExactlyInAnyOrder(FailureKind.RATE_LIMITED, FailureKind.VENDOR_OUTAGE, FailureKind.BAD_ANSWER);
    }

    @Test
    void onlyAVendorOutageCountsForTheCircuit() {
        assertThat(EnumSet.allOf(FailureKind.class).stream().filter(FailureKind::countsAsOutage))
                .containsExactly(FailureKind.VENDOR_OUTAGE);
    }

    @Test
    void whatTheVendorSaidIsLearntAboutTheBatchAndWhatItDidNotSayKeepsTheWindowOpen() {
        for (FailureKind k : FailureKind.values()) {
            boolean ours = k == FailureKind.CIRCUIT_OPEN || k.database() || k == FailureKind.INTERNAL;
            assertThat(k.fromVendor()).as("%s from the vendor", k).isEqualTo(!ours);
            assertThat(k.keepsWindowOpen(true)).as("%s keeps its window open while the circuit is closed", k).isEqualTo(ours);
        }
        assertThat(FailureKind.VENDOR_OUTAGE.keepsWindowOpen(false)).as("an outage while the circuit is open fills no DLQ").isTrue();
        assertThat(FailureKind.REFUSED.keepsWindowOpen(false)).isFalse();
    }

    @Test
    void onlyARefusalIsIsolatedAndOnlyRefusedKeysStopTheSource() {
        assertThat(EnumSet.allOf(FailureKind.class).stream().filter(FailureKind::isolatable)).containsExactly(FailureKind.REFUSED);
        assertThat(EnumSet.allOf(FailureKind.class).stream().filter(FailureKind::stopsSource)).containsExactly(FailureKind.CREDENTIALS_REFUSED);
    }

    @Test
    void theCircuitBreakerRecordsOutagesOnly() {
        CircuitBreaker breaker = VendorCircuitBreaker.create("t", new CircuitSettings(50, 2, 2, Duration.ofMinutes(1), 1));
        for (Throwable t : List.of(http(429), http(422), unparsable(), new SQLException("gone", "08006"), new SQLException("gone", "08006"))) {
            catchThrowable(() -> breaker.executeCallable(() -> {
                throw (Exception) t;
            }));
        }
        assertThat(breaker.getState()).as("no outage symptom among them").isEqualTo(CircuitBreaker.State.CLOSED);
        for (int i = 0; i < 2; i++) {
            catchThrowable(() -> breaker.executeCallable(() -> {
                throw new SocketTimeoutException("Read timed out");
            }));
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    // ---- the routes' wrappers: the kind of the exchange's exception, or of the one Camel caught --------------

    @Test
    void anExchangeIsJudgedByItsExceptionOrElseTheCaughtOne() throws Exception {
        FailureClassifier classifier = new FailureClassifier();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange failed = new DefaultExchange(camel);
            failed.setException(new CamelExecutionException("failed", failed, http(429)));
            assertThat(classifier.isTransient(failed)).isTrue();
            assertThat(classifier.isRateLimited(failed)).isTrue();

            assertThat(classifier.isTransient(caught(camel, http(403)))).isFalse();
            assertThat(classifier.isTransient(caught(camel, new SocketTimeoutException()))).isTrue();
            assertThat(classifier.isTransient(caught(camel, unparsable()))).isTrue();
            assertThat(classifier.isTransient(caught(camel, new VendorProtocolException("loops")))).isFalse();
            assertThat(classifier.isTransient(caught(camel, new StoreException("x", new SQLException("gone", "08006"))))).isFalse();
            assertThat(classifier.isTransient(new DefaultExchange(camel))).isFalse();
        }
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
    void theReasonOfAPaginationLoopIsItsMessage() {
        Throwable loop = new RuntimeCamelException(new VendorProtocolException("next_page_token loops"));
        assertThat(FailureClassifier.reason(loop)).isEqualTo("VendorProtocolException: next_page_token loops");
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
