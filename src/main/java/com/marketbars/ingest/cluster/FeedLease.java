package com.marketbars.ingest.cluster;

import java.sql.SQLException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** {@link FeedLeaseMXBean}: each attribute read from the lease table when asked. */
public final class FeedLease implements FeedLeaseMXBean {
    private final String feed;
    private final FeedLeaders leaders;
    private final BooleanSupplier leadsHere;

    public FeedLease(String feed, FeedLeaders leaders, BooleanSupplier leadsHere) {
        this.feed = feed;
        this.leaders = leaders;
        this.leadsHere = leadsHere;
    }

    private Optional<FeedLeaders.Lease> lease() {
        try {
            return Optional.ofNullable(leaders.all().get(feed));
        } catch (SQLException e) {
            throw new IllegalStateException("reading the lease of " + feed + " failed: " + e.getMessage());
        }
    }

    private String text(Function<FeedLeaders.Lease, Object> field) {
        return lease().map(field).map(Object::toString).orElse("");
    }

    @Override
    public String getLeader() {
        return text(FeedLeaders.Lease::holder);
    }

    @Override
    public boolean isLeadingHere() {
        return leadsHere.getAsBoolean();
    }

    @Override
    public long getEpoch() {
        return lease().map(FeedLeaders.Lease::epoch).orElse(-1L);
    }

    @Override
    public String getLastRenewal() {
        return text(FeedLeaders.Lease::renewedAt);
    }

    @Override
    public String getDeadline() {
        return text(l -> l.holder() == null ? null : l.deadline());
    }

    @Override
    public String getTakenFrom() {
        return text(FeedLeaders.Lease::takenFrom);
    }

    @Override
    public String getTakenBecause() {
        return text(FeedLeaders.Lease::takenBecause);
    }

    @Override
    public String getDescription() {
        return leaders.describe(feed).orElse("");
    }
}
