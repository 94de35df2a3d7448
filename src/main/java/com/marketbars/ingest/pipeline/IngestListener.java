package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;

/** Told when a window is durable and checkpointed, and when a job has caught up. */
public interface IngestListener {
    /** @param requestFloor the fewest requests the window could have cost (see IngestWindow.requestFloor) */
    void windowCompleted(IngestWindow window, long requestFloor, long remainingWindows);

    default void jobCompleted(IngestJob job) {
    }
}
