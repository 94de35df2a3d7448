package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.errors.FailureKind;
import com.marketbars.ingest.errors.KnownFailure;

/**
 * Some batches of a window failed: its checkpoint stays where it was, so the window is tried again. Its kind is what
 * kept the window open (a database failure first, as it is what a retry waits for; else the first failure's kind).
 */
public class IncompleteWindowException extends RuntimeException implements KnownFailure {
    private final FailureKind kind;

    public IncompleteWindowException(String message) {
        this(message, FailureKind.INTERNAL);
    }

    public IncompleteWindowException(String message, FailureKind kind) {
        this(message, kind, null);
    }

    /** @param cause the first failure of that kind, when one was recorded (the driver's words for a database failure) */
    public IncompleteWindowException(String message, FailureKind kind, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    @Override
    public FailureKind failureKind() {
        return kind;
    }
}
