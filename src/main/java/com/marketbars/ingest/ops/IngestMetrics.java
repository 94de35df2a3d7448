package com.marketbars.ingest.ops;

import com.marketbars.ingest.dlq.DeadLetterReview;
import com.marketbars.ingest.ratelimit.VendorRateLimiter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Our figures in the Micrometer registry that Camel serves as Prometheus text at /observe/metrics (beside its
 * own route metrics): lag, bars by outcome, windows, the DLQ, the circuit and the quota. Each is read when
 * scraped, from the same objects JMX shows, so the two never disagree.
 */
public final class IngestMetrics {
    private IngestMetrics() {
    }

    public static void bind(MeterRegistry registry, IngestSource source, DeadLetterReview dlq, CircuitBreaker circuit,
                            VendorRateLimiter limiter) {
        Tags tags = Tags.of("source", source.getSource());
        Gauge.builder("ingest_lag_seconds", source, IngestSource::getLagSeconds).tags(tags)
                .description("Seconds between the oldest symbol checkpoint and now (-1 before the first window)").register(registry);
        bars(registry, tags, source, "new", IngestSource::getBarsNew);
        bars(registry, tags, source, "duplicate", IngestSource::getBarsDuplicate);
        bars(registry, tags, source, "revised", IngestSource::getBarsRevised);
        bars(registry, tags, source, "rejected", IngestSource::getBarsRejected);
        FunctionCounter.builder("ingest_windows", source, s -> s.getWindowsCompleted()).tags(tags)
                .description("Windows completed and checkpointed since start-up").register(registry);
        FunctionCounter.builder("ingest_batches_dead_lettered", source, s -> s.getBatchesDeadLettered()).tags(tags)
                .description("Batches recorded in the DLQ since start-up").register(registry);
        Gauge.builder("ingest_dlq_depth", dlq, d -> d.stats().depth()).tags(tags)
                .description("Rows in the DLQ, parked ones included").register(registry);
        Gauge.builder("ingest_dlq_parked", dlq, d -> d.stats().parked()).tags(tags)
                .description("DLQ rows parked for a human").register(registry);
        Gauge.builder("ingest_source_running", source, s -> s.isRunning() ? 1 : 0).tags(tags)
                .description("1 while the source runs, 0 while paused or stopped (keys refused)").register(registry);
        Gauge.builder("ingest_vendor_circuit_open", circuit, c -> c.getState() == CircuitBreaker.State.OPEN ? 1 : 0).tags(tags)
                .description("1 while the vendor circuit is open").register(registry);
        Tags quota = Tags.of("endpoint", limiter.getEndpoint());
        Gauge.builder("ingest_quota_in_flight", limiter, VendorRateLimiter::getInFlight).tags(quota).register(registry);
        Gauge.builder("ingest_quota_requests_in_last_period", limiter, VendorRateLimiter::getRequestsInLastPeriod).tags(quota).register(registry);
        FunctionCounter.builder("ingest_quota_requests", limiter, l -> l.getRequests()).tags(quota).register(registry);
        FunctionCounter.builder("ingest_quota_rate_limited_responses", limiter, l -> l.getRateLimitedResponses()).tags(quota)
                .description("429 answers from the vendor").register(registry);
    }

    private static void bars(MeterRegistry registry, Tags tags, IngestSource source, String kind,
                             java.util.function.ToDoubleFunction<IngestSource> count) {
        FunctionCounter.builder("ingest_bars", source, count).tags(tags.and("kind", kind))
                .description("Bars of the source's windows since start-up, by outcome").register(registry);
    }
}
