package com.marketbars.ingest.errors;

import com.marketbars.ingest.settings.CircuitSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resilience4j circuit breaker the routes' Circuit Breaker EIP uses around vendor calls. Built here rather
 * than from EIP options because only outage symptoms may count as failures ({@link FailureKind#countsAsOutage}):
 * a 429 or a refused symbol says the vendor is up, and must not open it.
 */
public final class VendorCircuitBreaker {
    private static final Logger LOG = LoggerFactory.getLogger(VendorCircuitBreaker.class);

    private VendorCircuitBreaker() {
    }

    public static CircuitBreaker create(String name, CircuitSettings s) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.windowCalls())
                .minimumNumberOfCalls(s.minimumCalls())
                .failureRateThreshold(s.failureRate())
                .waitDurationInOpenState(s.openDuration())
                .permittedNumberOfCallsInHalfOpenState(s.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)   // so JMX and health see HALF_OPEN when it is due
                .recordException(t -> FailureKind.of(t).countsAsOutage())
                .build();
        CircuitBreaker breaker = CircuitBreaker.of(name, config);
        breaker.getEventPublisher().onStateTransition(e -> {
            switch (e.getStateTransition().getToState()) {
                case OPEN -> LOG.warn("circuit {} OPEN: the vendor looks down; no calls for {}", name, s.openDuration());
                case HALF_OPEN -> LOG.info("circuit {} HALF_OPEN: {} trial calls", name, s.halfOpenCalls());
                case CLOSED -> LOG.info("circuit {} CLOSED: calling the vendor again", name);
                default -> LOG.info("circuit {}: {}", name, e.getStateTransition());
            }
        });
        return breaker;
    }
}
