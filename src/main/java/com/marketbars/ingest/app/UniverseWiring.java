package com.marketbars.ingest.app;

import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.UniverseStore;
import com.marketbars.ingest.universe.AssetsReader;
import com.marketbars.ingest.universe.AssetsRequest;
import com.marketbars.ingest.universe.UniverseHealthCheck;
import com.marketbars.ingest.universe.UniverseRefresh;
import com.marketbars.ingest.universe.UniverseRefreshLog;
import com.marketbars.ingest.universe.UniverseRefreshes;
import com.marketbars.ingest.universe.UniverseView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feeds' universes: a typed list is synced into the database at start; a vendor's list is kept by its refreshes
 * (routes/universe.camel.yaml), and until the first, the last good one is used. One per process.
 */
final class UniverseWiring {
    private static final Logger LOG = LoggerFactory.getLogger(UniverseWiring.class);
    private final Wiring w;
    private final Database db;
    private final UniverseRefreshLog refreshLog;
    private final List<UniverseRefresh> refreshes = new ArrayList<>();
    private final Map<String, UniverseView> views = new LinkedHashMap<>();

    UniverseWiring(Wiring w, Database db) {
        this.w = w;
        this.db = db;
        this.refreshLog = new UniverseRefreshLog(db);
    }

    /** A feed's universe, ready for its jobs, with its JMX view and (on a vendor's list) its health check. */
    UniverseStore forFeed(FeedSettings f) throws Exception {
        UniverseStore universe = new UniverseStore(db, w.clock, f.name());
        if (f.universeFromVendor()) {
            refreshes.add(new UniverseRefresh(f, universe, refreshLog, w.clock));
            logCached(f, universe.load().size());
        } else {
            int[] change = universe.sync(f.universe());
            LOG.info("Feed {} ({} {} bars): {} symbols ({} added, {} removed)", f.name(), f.provider(), f.plan().timeframe(),
                    f.universe().size(), change[0], change[1]);
        }
        UniverseView view = new UniverseView(f, universe, refreshLog);
        views.put(f.name(), view);
        w.expose("Universe", f.name(), view);
        if (f.universeFromVendor()) {
            w.bind("UniverseHealthCheck-" + f.name(), new UniverseHealthCheck(view));
        }
        return universe;
    }

    /** The beans of routes/universe.camel.yaml, once every feed's universe is known. */
    void bindRouteBeans() {
        w.bind("UniverseRefreshes", new UniverseRefreshes(refreshes));
        w.bind("AssetsRequest", new AssetsRequest());
        w.bind("AssetsReader", new AssetsReader());
    }

    List<UniverseView> views() {
        return List.copyOf(views.values());
    }

    /** What a feed on its vendor's universe starts with: the list its last good refresh made, until the next one. */
    private void logCached(FeedSettings f, int cached) {
        String last = refreshLog.lastApplied(f.name()).map(r -> "refreshed " + r.at()).orElse("never refreshed");
        if (cached == 0) {
            LOG.warn("Feed {} ({} {} bars): universe {}, no symbols yet ({}): nothing is ingested until a refresh of the vendor's list succeeds",
                    f.name(), f.provider(), f.plan().timeframe(), UniverseView.source(f), last);
        } else {
            LOG.info("Feed {} ({} {} bars): universe {}, {} symbols ({}); refreshed at start and on {}", f.name(), f.provider(),
                    f.plan().timeframe(), UniverseView.source(f), cached, last, f.vendorUniverse().refresh());
        }
    }
}
