package com.marketbars.ingest.universe;

import java.util.List;

/**
 * What one refresh did to a feed's universe.
 *
 * @param size    the universe's size after it
 * @param skipped symbols of the vendor's list that the feed cannot request (not of its symbol syntax, such as a
 *                preferred share spelled {@code ABC.PRA} or {@code ABCpA})
 * @param refused true when the list was refused (empty, or shrunk past {@code universe.max-shrink}): nothing changed
 */
public record UniverseChange(String feed, int size, List<String> added, List<String> removed, int skipped, boolean refused) {

    /** The feed should catch up now: symbols were listed, which start at {@code ingest.start}. */
    public boolean isCatchUpDue() {
        return !refused && !added.isEmpty();
    }
}
