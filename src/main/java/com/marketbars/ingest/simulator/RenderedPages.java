package com.marketbars.ingest.simulator;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Alpaca answers kept as the bytes they were sent as, the least recently asked dropped beyond the simulator's
 * {@code pageCache} setting (0, the default: none kept, and those kept before are dropped). For benchmarks: the simulator shares the benchmark machine's
 * cores, and writing the JSON of 10,000 bars costs it about 10 ms of CPU a page; a second pass over the same range
 * then costs it almost nothing, as a remote vendor costs the ingest's machine nothing. A page is the same bytes
 * whenever it is asked for with the same query, seed, malformed rate, revision and realism (all in the key), so nothing a
 * client sees changes - only the CPU the simulator takes from it.
 */
final class RenderedPages {
    /** A page's body and the bars in it (counted as served again on every hit). */
    record Page(byte[] body, int bars) {
    }

    private final LinkedHashMap<String, Page> pages = new LinkedHashMap<>(16, 0.75f, true);

    /** The key of a page: the endpoint, the request (its query and the range it resolves to), every setting that shapes the answer. */
    static String key(VendorEndpoint endpoint, String rawQuery, long seed, double malformedRate, int revision, Realism realism) {
        return endpoint + "?" + rawQuery + "#" + seed + "/" + malformedRate + "/" + revision + "/" + realism;
    }

    synchronized Page get(String key) {
        return pages.get(key);
    }

    synchronized void put(String key, Page page, int capacity) {
        pages.put(key, page);
        for (Iterator<String> oldest = pages.keySet().iterator(); pages.size() > capacity && oldest.hasNext(); ) {
            oldest.next();
            oldest.remove();
        }
    }

    synchronized void clear() {
        pages.clear();
    }

    synchronized int size() {
        return pages.size();
    }
}
