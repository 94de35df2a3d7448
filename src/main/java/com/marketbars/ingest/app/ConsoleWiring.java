package com.marketbars.ingest.app;

import com.marketbars.ingest.cluster.FeedLeaders;
import com.marketbars.ingest.cluster.Leadership;
import com.marketbars.ingest.console.ConsoleAccess;
import com.marketbars.ingest.console.ConsoleApi;
import com.marketbars.ingest.console.ConsoleServer;
import com.marketbars.ingest.quota.AccountQuota;
import com.marketbars.ingest.universe.UniverseView;

import java.util.List;

/** The console on the management port (health, metrics, Jolokia and the console's pages share it). */
final class ConsoleWiring {
    private ConsoleWiring() {
    }

    /**
     * The management port's token and the names it answers to, checked before anything is opened: reachable from
     * elsewhere without a token, the start is refused. Null when the port is off.
     */
    static ConsoleAccess access(Wiring w) {
        if (!Boolean.parseBoolean(w.property("camel.management.enabled", "false"))) {
            return null;
        }
        return ConsoleAccess.of(w.property("camel.management.host", "0.0.0.0"), w.environment.get(ConsoleAccess.TOKEN_ENV),
                w.property(ConsoleAccess.ALLOWED_HOSTS_KEY, null));
    }

    static void wire(Wiring w, ConsoleAccess access, FeedWiring.Wired feeds, List<AccountQuota> quotas,
                     BackfillWiring.Backfills backfills, UniverseWiring universes, FeedLeaders leaders,
                     Leadership leadership, Runnable retryPass) throws Exception {
        ConsoleApi console = new ConsoleApi(feeds.parts(), feeds.all(), quotas, backfills.queue(), backfills.coverage(),
                retryPass, feed -> leaders.runsOn(feed, leadership.leads(feed)), w.clock);
        console.showUniverses(() -> universes.views().stream().map(UniverseView::state).toList());
        w.bind("ConsoleApi", console);
        ConsoleServer.mountWhenStarted(w.context, console, access);
    }
}
