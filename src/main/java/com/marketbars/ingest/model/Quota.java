package com.marketbars.ingest.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A vendor account's quota: one or more {@link Limit}s that all hold in every window of their length, e.g.
 * {@code 30/PT1S, 200/PT1M, 800/P1D}; or {@code none} for a vendor without one. Limits are kept shortest period
 * first.
 */
public record Quota(List<Limit> limits) {
    public static final Quota NONE = new Quota(List.of());

    public Quota {
        List<Limit> sorted = new ArrayList<>(limits);
        Collections.sort(sorted);
        Set<Duration> periods = new HashSet<>();
        for (Limit l : sorted) {
            if (!periods.add(l.period())) {
                throw new IllegalArgumentException("two limits per " + l.period() + ": give one");
            }
        }
        limits = List.copyOf(sorted);
    }

    /** A comma list of {@code REQUESTS/PERIOD}, or {@code none}. */
    public static Quota parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty; give REQUESTS/PERIOD[, ...] such as 200/PT1M, or none");
        }
        if (text.trim().equalsIgnoreCase("none")) {
            return NONE;
        }
        List<Limit> limits = new ArrayList<>();
        for (String part : text.split(",")) {
            limits.add(Limit.parse(part));
        }
        return new Quota(limits);
    }

    public boolean isNone() {
        return limits.isEmpty();
    }

    /** The longest period: how long an answered request can still count against any limit. */
    public Duration longestPeriod() {
        return limits.isEmpty() ? Duration.ZERO : limits.get(limits.size() - 1).period();
    }

    /**
     * The limits as the vendor's {@code X-RateLimit-Limit} leaves them. The header states one number without saying
     * which window it counts: a figure equal to one of our limits is that limit (nothing changes); otherwise it is
     * taken to be the limit it is nearest below - among the limits that allow more than the vendor's figure, the one
     * that allows fewest is lowered to it. A figure above every limit changes nothing: we never raise a limit.
     */
    public Quota withVendorLimit(int vendorLimit) {
        if (vendorLimit < 1 || limits.stream().anyMatch(l -> l.requests() == vendorLimit)) {
            return this;
        }
        Limit nearest = null;
        for (Limit l : limits) {
            if (l.requests() > vendorLimit && (nearest == null || l.requests() < nearest.requests())) {
                nearest = l;
            }
        }
        if (nearest == null) {
            return this;
        }
        List<Limit> out = new ArrayList<>();
        for (Limit l : limits) {
            out.add(l == nearest ? l.loweredTo(vendorLimit) : l);
        }
        return new Quota(out);
    }

    @Override
    public String toString() {
        if (limits.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        for (Limit l : limits) {
            b.append(b.length() == 0 ? "" : ", ").append(l);
        }
        return b.toString();
    }
}
