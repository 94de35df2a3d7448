package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;

/** Told when a window is durable and checkpointed, and when a job has caught up. */
public interface IngestListener {
    void windowCompleted(IngestWindow window, long remainingWindows);

    default void jobCompleted(IngestJob job) {
    }
}
