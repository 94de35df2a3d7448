package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.Fence;
import com.marketbars.ingest.checkpoint.StaleLeaseException;
import com.marketbars.ingest.errors.FailureKind;
import com.marketbars.ingest.errors.DatabaseFault;
import com.marketbars.ingest.store.DatabaseOutage;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a catch-up ({@code direct:ingest-job}) or a DLQ retry pass ({@code direct:dlq-retry}) through the database's
 * outages: one that ends because the database is unavailable is run again, re-planned from its checkpoints, with
 * backoff, for at most {@code ingest.db.max-outage} (see {@link DatabaseOutage}). The daemon's schedule, {@code run
 * --once} and {@code backfill} all go through here, so they ride out a database restart alike.
 */
public final class CatchUp {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUp.class);
    private final CamelContext context;
    private final DatabaseOutage outage;
    private volatile ProducerTemplate template;

    public CatchUp(CamelContext context, DatabaseOutage outage) {
        this.context = context;
        this.outage = outage;
    }

    /** The header of direct:ingest-job with the {@link Fence} the job runs under; absent: not fenced. */
    public static final String FENCE = "IngestFence";

    /** Catches the job up to its horizon; throws what ended it otherwise (an incomplete window, the database gone). */
    public void run(IngestJob job) {
        run(job, null);
    }

    /**
     * The same, fenced: every checkpoint advance and DLQ row of the job carries {@code fence} - a feed lease's epoch, a
     * backfill shard's take - and the database refuses them once the lease has moved on (cluster/LeaseFence); null runs
     * it unfenced.
     *
     * @throws StaleLeaseException when the lease moved on: the job stopped without moving a checkpoint
     */
    public void run(IngestJob job, Fence fence) {
        try {
            outage.rideOut(job.label(), () -> template().requestBodyAndHeader("direct:ingest-job", job, FENCE, fence));
        } catch (RuntimeException e) {
            StaleLeaseException stale = staleLease(e);
            if (stale != null) {
                throw stale;   // the one line the feed's route or the shard worker logs names the leases, not Camel's wrapper
            }
            if (FailureKind.of(e) == FailureKind.DATABASE_FAILED) {
                LOG.error("{} stopped: {}", job.label(), DatabaseFault.sentence(e));
            }
            throw e;
        }
    }

    private static StaleLeaseException staleLease(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StaleLeaseException stale) {
                return stale;
            }
        }
        return null;
    }

    /** One pass of the retry worker over the due DLQ rows. */
    public void retryPass() {
        outage.rideOut("the DLQ retry pass", () -> template().requestBody("direct:dlq-retry", (Object) null));
    }

    /** Runs {@code work} (a replay of this process's own making) through the database's outages too. */
    public void rideOut(String what, Runnable work) {
        outage.rideOut(what, () -> {
            work.run();
            return null;
        });
    }

    private ProducerTemplate template() {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }
}
