package com.marketbars.ingest.pipeline;

/** Some batches of a window failed: its checkpoint stays where it was, so the window is tried again. */
public class IncompleteWindowException extends RuntimeException {
    public IncompleteWindowException(String message) {
        super(message);
    }
}
