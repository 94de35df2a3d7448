package com.marketbars.ingest.routes;

import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.dlq.DeadLetterReview;
import com.marketbars.ingest.pipeline.IncompleteWindowException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import static com.marketbars.ingest.routes.FakeAlpaca.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Specs of the circuit breaker around vendor calls: a vendor that is down costs a bounded number of requests and
 * no DLQ rows, and its windows are tried again once it is back. Two symbols, one per batch; the circuit opens at
 * 50% failures over the last two calls and stays open half a second.
 */
class CircuitBreakerRouteTest extends RouteSpec {
    @Override
    String universe() {
        return "AAPL,MSFT";
    }

    @Override
    int batchSymbols() {
        return 1;
    }

    @Override
    void testProperties(Properties p) {
        p.put("ingest.circuit.minimum-calls", "2");
        p.put("ingest.circuit.window-calls", "2");
        p.put("ingest.circuit.failure-rate", "50");
        p.put("ingest.circuit.open-duration", "PT0.5S");
        p.put("ingest.circuit.half-open-calls", "2");   // one trial call per batch of the window
    }

    @Test
    void aVendorThatIsDownCostsABoundedNumberOfRequestsAndNoDlqRows() throws Exception {
        alpaca.alwaysAnswer("AAPL", status(503));
        alpaca.alwaysAnswer("MSFT", status(503));
        adviseRoutes();
        context.start();
        IngestJob job = backfill();

        assertThatThrownBy(() -> template.requestBody("direct:ingest-job", job))
                .isInstanceOf(CamelExecutionException.class)
                .satisfies(e -> assertThat(causeChain(e)).hasAtLeastOneElementOfType(IncompleteWindowException.class));

        // without the circuit: 2 batches x (1 + 3 redeliveries) = 8 requests and 2 DLQ rows. With it: the two
        // failures that open it, and at most one call already under way when it opened
        assertThat(alpaca.requests()).hasSizeBetween(2, 3);
        assertThat(breaker().getState()).isIn(CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN);
        assertThat(deadLetters(null)).isEmpty();
        assertThat(checkpointOf(job)).isEmpty();   // windows that were not tried are not passed over
    }

    @Test
    void onceTheVendorIsBackTheTrialCallClosesTheCircuitAndTheWindowCompletes() throws Exception {
        alpaca.alwaysAnswer("AAPL", status(503));
        alpaca.alwaysAnswer("MSFT", status(503));
        adviseRoutes();
        context.start();
        IngestJob job = backfill();
        assertThatThrownBy(() -> template.requestBody("direct:ingest-job", job)).isInstanceOf(CamelExecutionException.class);
        alpaca.recover();

        await().atMost(Duration.ofSeconds(5)).until(() -> breaker().getState() == CircuitBreaker.State.HALF_OPEN);
        checkpointed.expectedMessageCount(1);
        checkpointed.expectedHeaderReceived("checkpoint", windowDone());
        template.requestBody("direct:ingest-job", job);

        checkpointed.assertIsSatisfied();
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void quotaAnswersAndRefusalsSayTheVendorIsUpAndNeverOpenTheCircuit() throws Exception {
        alpaca.answer("AAPL", status(429), status(429), status(429), status(429));   // then a good page
        alpaca.alwaysAnswer("MSFT", status(404));
        adviseRoutes();
        context.start();

        template.requestBody("direct:ingest-job", backfill());

        assertThat(alpaca.requests()).hasSize(5 + 1);
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(deadLetters(null))
                .singleElement().satisfies(d -> assertThat(d.request().symbols()).containsExactly("MSFT"));
    }

    CircuitBreaker breaker() {
        return feed(null).circuit();
    }
}
