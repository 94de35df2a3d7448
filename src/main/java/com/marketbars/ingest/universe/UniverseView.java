package com.marketbars.ingest.universe;

import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.store.UniverseStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A feed's universe as `status`, the console and JMX show it, read from the database (so a standby or a command shows
 * what the leader's refreshes did).
 */
public final class UniverseView implements UniverseViewMXBean {
    /** The state in one record, for the console's JSON and `status`. */
    public record State(String feed, String source, int size, Instant lastRefreshAt, String lastRefreshOutcome,
                        String lastRefreshDetail, Instant lastAppliedAt, int addedCount, List<String> added,
                        int removedCount, List<String> removed) {
    }

    private final FeedSettings feed;
    private final UniverseStore store;
    private final UniverseRefreshLog log;

    public UniverseView(FeedSettings feed, UniverseStore store, UniverseRefreshLog log) {
        this.feed = feed;
        this.store = store;
        this.log = log;
    }

    public State state() {
        Optional<UniverseRefreshLog.Refresh> last = feed.universeFromVendor() ? log.last(feed.name()) : Optional.empty();
        Optional<UniverseRefreshLog.Refresh> applied = last.isPresent() && last.get().outcome() == UniverseRefreshLog.Outcome.APPLIED
                ? last : feed.universeFromVendor() ? log.lastApplied(feed.name()) : Optional.empty();
        return new State(feed.name(), source(feed), store.load().size(),
                last.map(UniverseRefreshLog.Refresh::at).orElse(null),
                last.map(r -> r.outcome().name().toLowerCase(java.util.Locale.ROOT)).orElse(null),
                last.map(UniverseRefreshLog.Refresh::detail).orElse(null),
                applied.map(UniverseRefreshLog.Refresh::at).orElse(null),
                applied.map(UniverseRefreshLog.Refresh::addedCount).orElse(0), applied.map(UniverseRefreshLog.Refresh::added).orElse(List.of()),
                applied.map(UniverseRefreshLog.Refresh::removedCount).orElse(0), applied.map(UniverseRefreshLog.Refresh::removed).orElse(List.of()));
    }

    /** Where a feed's universe comes from, in words. */
    public static String source(FeedSettings feed) {
        return feed.universeFromVendor() ? feed.vendorUniverse().label() + " (" + feed.vendorUniverse().url() + ")" : "configured";
    }

    @Override
    public String getFeed() {
        return feed.name();
    }

    @Override
    public String getSource() {
        return source(feed);
    }

    @Override
    public int getSize() {
        return store.load().size();
    }

    @Override
    public String getLastRefreshAt() {
        return text(state().lastRefreshAt());
    }

    @Override
    public String getLastRefreshOutcome() {
        return Optional.ofNullable(state().lastRefreshOutcome()).orElse("");
    }

    @Override
    public String getLastRefreshDetail() {
        return Optional.ofNullable(state().lastRefreshDetail()).orElse("");
    }

    @Override
    public String getLastAppliedAt() {
        return text(state().lastAppliedAt());
    }

    @Override
    public List<String> getLastAdded() {
        return state().added();
    }

    @Override
    public int getLastAddedCount() {
        return state().addedCount();
    }

    @Override
    public List<String> getLastRemoved() {
        return state().removed();
    }

    @Override
    public int getLastRemovedCount() {
        return state().removedCount();
    }

    private static String text(Instant at) {
        return at == null ? "" : at.toString();
    }
}
