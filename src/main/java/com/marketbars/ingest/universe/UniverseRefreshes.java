package com.marketbars.ingest.universe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The refreshes of every feed whose universe is its vendor's list, as the {@code universe-refresh} route calls them
 * (bean {@code UniverseRefreshes}): begin one by the feed's name, apply the list once its pages are in, or note that it
 * failed.
 */
public final class UniverseRefreshes {
    private final Map<String, UniverseRefresh> byFeed = new LinkedHashMap<>();

    public UniverseRefreshes(List<UniverseRefresh> refreshes) {
        refreshes.forEach(r -> byFeed.put(r.feed(), r));
    }

    /** The feeds whose universe comes from their vendor. */
    public List<String> feeds() {
        return List.copyOf(byFeed.keySet());
    }

    public boolean has(String feed) {
        return byFeed.containsKey(feed);
    }

    public UniverseListing begin(String feed) {
        return of(feed).begin();
    }

    public UniverseChange apply(UniverseListing listing) {
        return of(listing.getFeed()).apply(listing);
    }

    public void failed(UniverseListing listing, Exception failure) {
        of(listing.getFeed()).failed(failure);
    }

    private UniverseRefresh of(String feed) {
        UniverseRefresh r = byFeed.get(feed);
        if (r == null) {
            throw new IllegalArgumentException("feed " + feed + " takes no universe from its vendor");
        }
        return r;
    }
}
