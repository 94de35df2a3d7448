package com.marketbars.ingest.universe;

import com.marketbars.ingest.settings.VendorUniverse;
import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.settings.SymbolSyntax;
import com.marketbars.ingest.store.UniverseStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The decisions of one feed's universe refresh: which of the vendor's assets the feed takes (active, tradable when
 * asked, on the exchanges chosen, of the feed's symbol syntax, matching the allow pattern, not denied), and whether
 * the new list may replace the last good one. An empty list, or one that removes more than {@code universe.max-shrink}
 * of the universe at once, is a broken contract (a vendor answering with a partial or filtered list), refused: the
 * last good list stays. A refresh that fails (the vendor down) leaves it too. Either is one log line and a
 * {@code universe_refresh} row; the next refresh tries again.
 * <p>
 * The universe is the {@code universe} table the scheduled catch-ups read: a symbol listed has no checkpoint, so it
 * starts at {@code ingest.start}; a symbol delisted leaves the table, so it is no longer asked for, and keeps its
 * bars and its checkpoint (should it be listed again, it resumes from there).
 */
public final class UniverseRefresh {
    private static final Logger LOG = LoggerFactory.getLogger("ingest.universe");
    /** Examples of skipped symbols a log line names. */
    private static final int EXAMPLES = 5;

    private final FeedSettings feed;
    private final VendorUniverse spec;
    private final SymbolSyntax syntax;
    private final UniverseStore store;
    private final UniverseRefreshLog log;
    private final Clock clock;

    public UniverseRefresh(FeedSettings feed, UniverseStore store, UniverseRefreshLog log, Clock clock) {
        if (!feed.universeFromVendor()) {
            throw new IllegalArgumentException("feed " + feed.name() + " has no vendor universe");
        }
        this.feed = feed;
        this.spec = feed.vendorUniverse();
        this.syntax = feed.symbolSyntax();
        this.store = store;
        this.log = log;
        this.clock = clock;
    }

    public String feed() {
        return feed.name();
    }

    public VendorUniverse spec() {
        return spec;
    }

    /** A refresh starting: its pages are read into the listing. */
    public UniverseListing begin() {
        return new UniverseListing(feed.name(), feed.provider(), spec);
    }

    /** Applies the vendor's whole list, or refuses it; either is recorded and logged in one line. */
    public UniverseChange apply(UniverseListing listing) {
        Set<String> chosen = new TreeSet<>();
        List<String> skipped = new ArrayList<>();
        for (Asset a : listing.assets()) {
            if (!taken(a)) {
                continue;
            }
            if (!syntax.accepts(a.symbol())) {
                skipped.add(a.symbol());
            } else if ((spec.allow() == null || spec.allow().matcher(a.symbol()).matches()) && !spec.deny().contains(a.symbol())) {
                chosen.add(a.symbol());
            }
        }
        List<String> current = store.load();
        List<String> removed = current.stream().filter(s -> !chosen.contains(s)).toList();
        Set<String> had = Set.copyOf(current);
        List<String> added = chosen.stream().filter(s -> !had.contains(s)).toList();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String refusal = chosen.isEmpty()
                ? "the vendor's list holds no symbol the feed takes (" + listing.assets().size() + " assets listed)"
                : !current.isEmpty() && removed.size() > spec.maxShrink() * current.size()
                ? String.format(Locale.ROOT, "it would remove %d of %d symbols (%.0f%%, more than universe.max-shrink=%s)",
                        removed.size(), current.size(), 100.0 * removed.size() / current.size(), spec.maxShrink())
                : null;
        if (refusal != null) {
            LOG.warn("Universe of feed {} ({}): the vendor's list was refused as a broken contract: {}; the last good list of {} symbols stays",
                    feed.name(), spec.label(), refusal, current.size());
            log.record(feed.name(), new UniverseRefreshLog.Refresh(now, UniverseRefreshLog.Outcome.REFUSED, current.size(),
                    0, 0, List.of(), List.of(), "refused: " + refusal));
            return new UniverseChange(feed.name(), current.size(), List.of(), List.of(), skipped.size(), true);
        }
        store.sync(List.copyOf(chosen));
        String detail = String.format(Locale.ROOT, "%d assets in %d pages, %d taken, %d skipped (not %s)%s", listing.assets().size(),
                listing.getPages(), chosen.size(), skipped.size(), syntax == SymbolSyntax.CRYPTO_PAIR ? "pairs" : "tickers",
                skipped.isEmpty() ? "" : ", e.g. " + String.join(" ", skipped.subList(0, Math.min(EXAMPLES, skipped.size()))));
        log.record(feed.name(), new UniverseRefreshLog.Refresh(now, UniverseRefreshLog.Outcome.APPLIED, chosen.size(),
                added.size(), removed.size(), added, removed, detail));
        LOG.info("Universe of feed {} ({}): {} symbols, {} added{}, {} removed{}; {}; took {} ms", feed.name(), spec.label(), chosen.size(),
                added.size(), examples(added), removed.size(), examples(removed), detail, listing.elapsedMillis());
        return new UniverseChange(feed.name(), chosen.size(), added, removed, skipped.size(), false);
    }

    /** The refresh failed before a whole list came in: the last good list stays. */
    public void failed(Exception failure) {
        int size = store.load().size();
        String reason = reason(failure);
        LOG.warn("Universe of feed {} ({}): the refresh failed ({}); the last good list of {} symbols stays until the next refresh",
                feed.name(), spec.label(), reason, size);
        log.record(feed.name(), new UniverseRefreshLog.Refresh(clock.instant().truncatedTo(ChronoUnit.SECONDS),
                UniverseRefreshLog.Outcome.FAILED, size, 0, 0, List.of(), List.of(), "failed: " + reason));
    }

    /** Whether an asset is one the operator's filters take, its symbol's syntax aside. */
    private boolean taken(Asset a) {
        return a.active()
                && (!spec.tradableOnly() || a.tradable())
                && (spec.exchanges().isEmpty() || spec.exchanges().contains(a.exchange().toUpperCase(Locale.ROOT)));
    }

    private static String examples(List<String> symbols) {
        return symbols.isEmpty() ? "" : " (" + String.join(" ", symbols.subList(0, Math.min(EXAMPLES, symbols.size())))
                + (symbols.size() > EXAMPLES ? " ..." : "") + ")";
    }

    /** One line of why: an HTTP status with the vendor's words, or the exception's message; never a URL's query. */
    private static String reason(Exception failure) {
        Throwable t = failure;
        while (!(t instanceof org.apache.camel.http.base.HttpOperationFailedException) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof org.apache.camel.http.base.HttpOperationFailedException http) {
            String body = http.getResponseBody() == null ? "" : http.getResponseBody().replaceAll("\\s+", " ");
            return "HTTP " + http.getStatusCode() + (body.isEmpty() ? "" : " " + (body.length() > 200 ? body.substring(0, 200) + "..." : body));
        }
        String m = com.marketbars.ingest.errors.FailureDescription.of(failure).replaceAll("\\s+", " ");
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
