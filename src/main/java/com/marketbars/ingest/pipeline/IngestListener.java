package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.errors.FailureKind;

/** Told when a window is durable and checkpointed, when one is held (not checkpointed), and when a job has caught up. */
public interface IngestListener {
    /** @param requestFloor the fewest requests the window could have cost (see IngestWindow.requestFloor) */
    void windowCompleted(IngestWindow window, long requestFloor, long remainingWindows);

    /**
     * A window's batches ended but it is not checkpointed: some of them failed (see {@code WindowCompletion.checkpointTo}).
     *
     * @param kind    what kept it open (a database failure first, else the first kind)
     * @param message the one line the catch-up's failure says
     */
    default void windowHeld(IngestWindow window, FailureKind kind, String message) {
    }

    default void jobCompleted(IngestJob job) {
    }
}
