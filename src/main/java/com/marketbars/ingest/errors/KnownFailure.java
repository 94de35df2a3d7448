package com.marketbars.ingest.errors;

/**
 * A failure that knows its own kind: an exception of a feature package implements it, so {@link FailureKind#of} can
 * classify it without importing it (the taxonomy stays at the bottom of the package graph; features sit above it).
 */
public interface KnownFailure {
    FailureKind failureKind();
}
