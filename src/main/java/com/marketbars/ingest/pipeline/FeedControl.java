package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.errors.FailureClassifier;
import com.marketbars.ingest.errors.FailureKind;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the source is ingesting. It stops itself when the vendor refuses the API keys (401/403): every other
 * request would be refused alike, so dead-lettering them would only bury the real problem under thousands of
 * rows. Stopped, the schedule and the retry worker skip it until it is resumed or the process restarts.
 */
public final class FeedControl {
    private static final Logger LOG = LoggerFactory.getLogger(FeedControl.class);

    private final String feed;
    private final String keysHint;
    private volatile String stoppedReason;

    /** @param keysHint what an operator checks when the keys are refused (the environment variables that hold them) */
    public FeedControl(String feed, String keysHint) {
        this.feed = feed;
        this.keysHint = keysHint;
    }

    public FeedControl(String feed) {
        this(feed, "the API keys in the environment");
    }

    public boolean isRunning() {
        return stoppedReason == null;
    }

    /** Why the source is stopped, or null while it runs. */
    public String stoppedReason() {
        return stoppedReason;
    }

    public synchronized void stop(String reason) {
        if (stoppedReason == null) {
            stoppedReason = reason;
            LOG.error("source {} stopped: {}", feed, reason);
        }
    }

    public synchronized void resume() {
        if (stoppedReason != null) {
            LOG.info("source {} resumed (it was stopped: {})", feed, stoppedReason);
            stoppedReason = null;
        }
    }

    /** A 401/403: stops the source, and the batch's window stays where it was (nothing is dead-lettered). */
    public void credentialsRefused(SymbolBatch batch, Exchange exchange) {
        String why = "the vendor refused the API keys (" + FailureClassifier.reason(FailureClassifier.caught(exchange))
                + "); check " + keysHint + ", then restart";
        stop(why);
        batch.failed(FailureKind.CREDENTIALS_REFUSED, why, null);
    }
}
