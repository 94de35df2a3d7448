package com.marketbars.ingest.app;

import com.marketbars.ingest.observability.IngestMetrics;
import com.marketbars.ingest.quota.AccountQuota;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;

/** Our figures in the registry Camel's Prometheus support serves. */
final class ObservabilityWiring {
    private ObservabilityWiring() {
    }

    /** The registry IngestRuntime bound before Camel started (IngestMetrics.newRegistry), else one made here. */
    static MeterRegistry metrics(Wiring w, List<AccountQuota> quotas) {
        MeterRegistry metrics = w.lookup("metricsRegistry", MeterRegistry.class);
        if (metrics == null) {
            metrics = IngestMetrics.newRegistry();
            w.bind("metricsRegistry", metrics);
        }
        for (AccountQuota q : quotas) {
            IngestMetrics.bindAccount(metrics, q);
        }
        return metrics;
    }
}
