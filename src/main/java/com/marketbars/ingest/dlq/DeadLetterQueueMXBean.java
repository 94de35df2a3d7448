package com.marketbars.ingest.dlq;

/** The DLQ of one source over JMX ({@code market-bars-ingest:type=DeadLetterQueue,name=NAME}). */
public interface DeadLetterQueueMXBean {
    /** Rows in the DLQ, parked ones included. */
    long getDepth();

    long getParked();

    /** ISO-8601 creation time of the oldest row, or empty when the DLQ is empty. */
    String getOldestEntry();

    /** One line per row: id, symbols and window, retries, next retry or parked, reason. */
    String[] list(boolean parkedOnly);

    /** Makes the row due now (un-parking it) and queues a retry pass. */
    String retry(long id);

    /** Makes every row due now and queues a retry pass. */
    String retryAll();

    /** Removes the row; the audit table keeps it with the reason. */
    String discard(long id, String reason);
}
