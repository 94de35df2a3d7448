package com.marketbars.ingest.simulator;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One vendor account's quota as the simulator enforces it: a sliding window counted at arrival. A request beyond
 * {@code quota} in the last {@code period}, or beyond any extra limit in the last of its periods, is refused.
 * The limits are passed on each call, so a test can change them while the simulator serves.
 */
final class SlidingWindowQuota {
    private final ArrayDeque<Long> acceptedAt = new ArrayDeque<>();
    /** Accepted requests' arrival times per period of the extra limits. */
    private final Map<Long, ArrayDeque<Long>> acceptedPerExtraPeriod = new HashMap<>();

    /**
     * @param waitMillis    -1 when admitted; else how long until the request would have been admitted
     * @param remaining     after an admission, requests left under {@code quota} ({@link Integer#MAX_VALUE} without one)
     * @param resetInMillis after an admission, until the oldest request counted leaves the window
     */
    record Admission(long waitMillis, int remaining, long resetInMillis) {
        boolean admitted() {
            return waitMillis < 0;
        }
    }

    /**
     * Admits and counts a request arriving at {@code now} (millis), or refuses it without counting it.
     *
     * @param quota  requests per {@code period}; 0 for none
     * @param extra  further limits, each {requests, periodMillis}
     */
    synchronized Admission admit(int quota, long period, List<long[]> extra, long now) {
        trim(acceptedAt, now - period);
        long waitMillis = -1;
        if (quota > 0 && acceptedAt.size() >= quota) {
            waitMillis = acceptedAt.peekFirst() + period - now;
        }
        for (long[] limit : extra) {
            ArrayDeque<Long> accepted = acceptedPerExtraPeriod.computeIfAbsent(limit[1], k -> new ArrayDeque<>());
            trim(accepted, now - limit[1]);
            if (accepted.size() >= limit[0]) {
                waitMillis = Math.max(waitMillis, accepted.peekFirst() + limit[1] - now);
            }
        }
        if (waitMillis >= 0) {
            return new Admission(waitMillis, 0, waitMillis);
        }
        acceptedAt.addLast(now);
        for (long[] limit : extra) {
            acceptedPerExtraPeriod.get(limit[1]).addLast(now);
        }
        return new Admission(-1, quota > 0 ? quota - acceptedAt.size() : Integer.MAX_VALUE, acceptedAt.peekFirst() + period - now);
    }

    private static void trim(ArrayDeque<Long> accepted, long oldestCounted) {
        while (!accepted.isEmpty() && accepted.peekFirst() <= oldestCounted) {
            accepted.pollFirst();
        }
    }
}
