package com.marketbars.ingest.observability;

import com.marketbars.ingest.dlq.DeadLetterReview;
import com.marketbars.ingest.quota.AccountQuota;
import com.marketbars.ingest.quota.AccountUsage;
import com.marketbars.ingest.model.Limit;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Our figures in the Micrometer registry that Camel serves as Prometheus text at /observe/metrics (beside its
 * own route metrics): lag, bars by outcome, windows, the DLQ, the circuit and the quota. Each is read when
 * scraped, from the same objects JMX shows, so the two never disagree.
 */
public final class IngestMetrics {
    private IngestMetrics() {
    }

    /**
     * The registry Camel's Prometheus support serves and ours are bound in, made before Camel makes one, so that its
     * filter applies to every meter. Camel's exchange event timers ({@code camel.exchange.event.notifier}) carry a
     * {@code routeId} only when the exchange began in a route; one a ProducerTemplate sent (the triggers of catch-ups
     * and DLQ passes) has none (CAMEL-23719). Prometheus refuses a second set of tag keys under one name, so whichever
     * kind came second was never registered - at start-up that was every route's calls to the vendor - and it said so
     * in a WARN at every start. The filter gives an absent routeId an empty value, which Prometheus reads as no label.
     */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("camel.exchange.event.notifier") && id.getTag("routeId") == null
                        ? id.withTag(Tag.of("routeId", "")) : id;
            }
        });
        return registry;
    }

    /** The figures of one feed, tagged {@code source=FEED}. */
    public static void bindFeed(MeterRegistry registry, FeedView feed, DeadLetterReview dlq, CircuitBreaker circuit) {
        Tags tags = Tags.of("source", feed.getFeed());
        Gauge.builder("ingest_lag_seconds", feed, FeedView::getLagSeconds).tags(tags)
                .description("Seconds between the oldest symbol checkpoint and now (-1 before the first window)").register(registry);
        bars(registry, tags, feed, "new", FeedView::getBarsNew);
        bars(registry, tags, feed, "duplicate", FeedView::getBarsDuplicate);
        bars(registry, tags, feed, "revised", FeedView::getBarsRevised);
        bars(registry, tags, feed, "rejected", FeedView::getBarsRejected);
        FunctionCounter.builder("ingest_windows", feed, s -> s.getWindowsCompleted()).tags(tags)
                .description("Windows completed and checkpointed since start-up").register(registry);
        FunctionCounter.builder("ingest_batches_dead_lettered", feed, s -> s.getBatchesDeadLettered()).tags(tags)
                .description("Batches recorded in the DLQ since start-up").register(registry);
        Gauge.builder("ingest_dlq_depth", dlq, d -> d.stats().depth()).tags(tags)
                .description("Rows in the DLQ, parked ones included").register(registry);
        Gauge.builder("ingest_dlq_parked", dlq, d -> d.stats().parked()).tags(tags)
                .description("DLQ rows parked for a human").register(registry);
        Gauge.builder("ingest_source_running", feed, s -> s.isRunning() ? 1 : 0).tags(tags)
                .description("1 while the source runs, 0 while paused or stopped (keys refused)").register(registry);
        Gauge.builder("ingest_vendor_contract_broken", feed, s -> s.getVendorContractBroken().isEmpty() ? 0 : 1).tags(tags)
                .description("1 while the source's window is held because the vendor's bars break their contract (a rejection storm)")
                .register(registry);
        Gauge.builder("ingest_vendor_circuit_open", circuit, c -> c.getState() == CircuitBreaker.State.OPEN ? 1 : 0).tags(tags)
                .description("1 while the vendor circuit is open").register(registry);
    }

    /** The figures of an account's quota (all its feeds and processes), tagged {@code account=NAME}. */
    public static void bindAccount(MeterRegistry registry, AccountQuota quota) {
        Tags account = Tags.of("account", quota.getAccount());
        for (Limit limit : quota.quota().limits()) {
            Tags l = account.and("limit", limit.toString());
            Gauge.builder("ingest_quota_limit", limit, Limit::requests).tags(l)
                    .description("Requests the limit allows per its period (as configured)").register(registry);
            Gauge.builder("ingest_quota_sent_in_window", quota, q -> inForce(q, limit).sentInWindow()).tags(l)
                    .description("Requests sent within the limit's last period, by all processes of the account").register(registry);
            Gauge.builder("ingest_quota_slots_held", quota, q -> inForce(q, limit).held()).tags(l)
                    .description("Slots of the limit held now (answered within the period, or in flight), all processes").register(registry);
        }
        Gauge.builder("ingest_quota_in_flight", quota, AccountQuota::getInFlight).tags(account)
                .description("Requests in flight, all processes of the account").register(registry);
        Gauge.builder("ingest_quota_paused", quota, q -> q.usage().paused() ? 1 : 0).tags(account)
                .description("1 while the vendor asked every process of the account to wait").register(registry);
        Gauge.builder("ingest_quota_rate_limited_last_hour", quota, AccountQuota::getRateLimitedLastHour).tags(account)
                .description("429 answers in the last hour, all processes of the account").register(registry);
        FunctionCounter.builder("ingest_quota_requests", quota, q -> q.getRequests()).tags(account)
                .description("Requests this process sent").register(registry);
        FunctionCounter.builder("ingest_quota_rate_limited_responses", quota, q -> q.getRateLimitedResponses()).tags(account)
                .description("429 answers this process received").register(registry);
    }

    private static void bars(MeterRegistry registry, Tags tags, FeedView feed, String kind,
                             java.util.function.ToDoubleFunction<FeedView> count) {
        FunctionCounter.builder("ingest_bars", feed, count).tags(tags.and("kind", kind))
                .description("Bars of the source's windows since start-up, by outcome").register(registry);
    }

    /** The usage of the configured {@code limit} (by its period: the vendor may have lowered its count). */
    private static AccountUsage.LimitUsage inForce(AccountQuota quota, Limit limit) {
        return quota.usage().limits().stream().filter(u -> u.limit().period().equals(limit.period())).findFirst()
                .orElse(new AccountUsage.LimitUsage(limit, 0, 0));
    }
}
