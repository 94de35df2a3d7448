package com.marketbars.ingest.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Camel 4.18's Throttle EIP in ConcurrentRequests mode (the vendor-in-flight step of fetch-batch) really does,
 * so the route relies on nothing it does not: its permit is held until the exchange completes, which caps exchanges
 * in flight; but 10 s after the last release it drops its state, and a permit held longer no longer counts
 * (CAMEL-24926). That is why the batch executor has exactly ingest.concurrency threads too.
 */
class ThrottleConcurrentRequestsTest {
    private CamelContext camel;
    private ProducerTemplate producer;
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger mostInside = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call")
                        .throttle(constant(1)).concurrentRequestsMode()
                        .process(e -> {
                            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            try {
                                if (e.getMessage().getBody(String.class).equals("hold")) {
                                    release.await(30, TimeUnit.SECONDS);
                                }
                            } finally {
                                inside.decrementAndGet();
                            }
                        });
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        release.countDown();
        camel.stop();
    }

    @Test
    void aPermitIsHeldUntilTheExchangeCompletesSoASecondCallWaitsForTheFirst() throws Exception {
        CompletableFuture<Object> first = producer.asyncRequestBody("direct:call", "hold");
        awaitInside(1);
        CompletableFuture<Object> second = producer.asyncRequestBody("direct:call", "quick");
        Thread.sleep(500);
        assertThat(second).as("the second waits while the first holds the only permit").isNotDone();
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        assertThat(mostInside).hasValue(1);
    }

    /**
     * CAMEL-24926, present in 4.18: a release schedules the throttle's state to be dropped 10 s later; a permit held
     * past that moment belongs to the dropped state, and the next exchange gets a fresh permit beside it. If this
     * spec fails, Camel fixed it (then the throttle alone would keep the cap).
     */
    @Test
    void camel24926APermitHeldOverTenSecondsNoLongerCountsOnCamel418() throws Exception {
        producer.requestBody("direct:call", "quick");             // a release: the state is dropped in 10 s
        CompletableFuture<Object> holder = producer.asyncRequestBody("direct:call", "hold");
        awaitInside(1);
        Thread.sleep(10_500);
        CompletableFuture<Object> late = producer.asyncRequestBody("direct:call", "quick");
        late.get(5, TimeUnit.SECONDS);                             // it did not wait for the holder's permit
        assertThat(holder).isNotDone();
        assertThat(mostInside).as("two exchanges inside a throttle of one").hasValue(2);
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
    }

    private void awaitInside(int n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (inside.get() < n && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(inside.get()).isEqualTo(n);
    }
}
