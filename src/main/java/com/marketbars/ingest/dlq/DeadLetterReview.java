package com.marketbars.ingest.dlq;

import java.util.List;

/**
 * What an operator does with the DLQ, from the command line or over JMX: look, make rows due now, discard one
 * with a reason. Every action is written to the audit table with who did it.
 */
public final class DeadLetterReview {
    private final DeadLetterStore store;
    private final String feed;

    public DeadLetterReview(DeadLetterStore store, String feed) {
        this.store = store;
        this.feed = feed;
    }

    public List<DeadLetter> list(boolean parkedOnly) {
        return store.list(feed, parkedOnly);
    }

    /** Makes one row due now, un-parked, whatever its backoff said. */
    public DeadLetter retry(long id, String actor) {
        DeadLetter row = find(id);
        store.retryNow(row, actor);
        return row;
    }

    /** Makes every row of the source due now, parked ones included. @return how many */
    public int retryAll(String actor) {
        int n = 0;
        for (DeadLetter r : store.list(feed, false)) {
            try {
                store.retryNow(r, actor);
                n++;
            } catch (IllegalArgumentException closedMeanwhile) {
                // replayed or discarded since the list was read: nothing left to retry
            }
        }
        return n;
    }

    /** Gives a row up: it leaves the DLQ, and the audit table keeps it with the reason. */
    public DeadLetter discard(long id, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a discard needs a reason (it is kept in the audit table)");
        }
        DeadLetter row = find(id);
        if (!store.close(row, "discarded", reason.strip(), actor)) {
            throw new IllegalArgumentException("DLQ row " + id + " is already gone");
        }
        return row;
    }

    public DeadLetterStats stats() {
        return store.stats(feed);
    }

    private DeadLetter find(long id) {
        DeadLetter row = store.get(id).orElseThrow(() -> new IllegalArgumentException("no DLQ row " + id));
        if (!row.feed().equals(feed)) {
            throw new IllegalArgumentException("DLQ row " + id + " belongs to source " + row.feed() + ", not " + feed);
        }
        return row;
    }
}
