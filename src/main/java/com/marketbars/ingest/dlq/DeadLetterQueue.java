package com.marketbars.ingest.dlq;

import java.time.Instant;

/** The JMX face of {@link DeadLetterReview}; a retry also queues a retry-worker pass at once. */
public final class DeadLetterQueue implements DeadLetterQueueMXBean {
    private static final String ACTOR = "jmx";

    private final DeadLetterReview review;
    private final Runnable startPass;

    public DeadLetterQueue(DeadLetterReview review, Runnable startPass) {
        this.review = review;
        this.startPass = startPass;
    }

    @Override
    public long getDepth() {
        return review.stats().depth();
    }

    @Override
    public long getParked() {
        return review.stats().parked();
    }

    @Override
    public String getOldestEntry() {
        Instant oldest = review.stats().oldest();
        return oldest == null ? "" : oldest.toString();
    }

    @Override
    public String[] list(boolean parkedOnly) {
        return review.list(parkedOnly).stream().map(DeadLetterQueue::line).toArray(String[]::new);
    }

    @Override
    public String retry(long id) {
        DeadLetter row = review.retry(id, ACTOR);
        startPass.run();
        return "DLQ #" + row.id() + " is due now; a retry pass is queued";
    }

    @Override
    public String retryAll() {
        int n = review.retryAll(ACTOR);
        startPass.run();
        return n + " DLQ rows are due now; a retry pass is queued";
    }

    @Override
    public String discard(long id, String reason) {
        DeadLetter row = review.discard(id, reason, ACTOR);
        return "DLQ #" + row.id() + " discarded (kept in ingest_dlq_audit)";
    }

    /** The one-line form shared by {@code dlq list} and JMX. */
    public static String line(DeadLetter d) {
        String when = d.parked() ? "parked " + d.parkedAt() : "next " + d.nextRetryAt();
        return "#" + d.id() + " " + d.request() + " retries=" + d.retryCount() + " " + when + " reason=" + d.reason();
    }
}
