package com.marketbars.ingest.cluster;

/**
 * Whether work started under a namespace's leadership is still running in this process (a feed's catch-up). A
 * leader hands a namespace over only between two such runs: the new leader's first run then starts from the
 * checkpoints the last one left, instead of fetching the same windows beside it.
 */
@FunctionalInterface
public interface NamespaceWork {
    NamespaceWork NONE = namespace -> false;

    boolean inProgress(String namespace);
}
