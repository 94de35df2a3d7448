package com.marketbars.ingest.cli;

import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.pipeline.CatchUp;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import com.marketbars.ingest.feeds.Feed;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.universe.UniverseRefreshes;
import org.apache.camel.ProducerTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** The scheduled daemon: runs the ingest routes until SIGTERM / Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the scheduled ingest (the default). Catches up from the checkpoint, then follows the present.")
public class RunCommand implements Callable<Integer> {
    /** The route of one universe refresh (routes/universe.camel.yaml); the body names the feed. */
    private static final String UNIVERSE_REFRESH = "direct:universe-refresh";

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--once", description = "Replay the due DLQ rows and catch up to the present once, then exit (for cron or systemd timers), instead of running the schedule.")
    boolean once;

    @Override
    public Integer call() throws Exception {
        if (once) {
            return runOnce();
        }
        Map<String, String> overrides = new LinkedHashMap<>(common.overrides);
        overrides.putIfAbsent("ingest.scheduler.enabled", "true");
        Main main = IngestRuntime.newMain(common.config, overrides);
        return Failures.exitCode(() -> {
            main.run();
            return main.getExitCode();
        });
    }

    private int runOnce() {
        return Failures.exitCode(() -> {
            Map<String, String> overrides = new LinkedHashMap<>(common.overrides);
            overrides.put("ingest.scheduler.enabled", "false");
            IngestRuntime runtime = IngestRuntime.start(common.config, overrides);
            try {
                Feeds feeds = runtime.bean("Feeds", Feeds.class);
                List<Feed> which = common.feed == null ? List.copyOf(feeds.all()) : List.of(feeds.chosen(common.feed));
                CatchUp catchUp = runtime.bean("CatchUp", CatchUp.class);
                // a universe taken from the vendor is refreshed first, as the daemon does at start (a failed refresh
                // keeps the last good list, and the catch-up goes on with it)
                UniverseRefreshes universes = runtime.bean("UniverseRefreshes", UniverseRefreshes.class);
                try (ProducerTemplate refresh = runtime.context().createProducerTemplate()) {
                    for (Feed feed : which) {
                        if (universes.has(feed.name())) {
                            refresh.sendBody(UNIVERSE_REFRESH, feed.name());
                        }
                    }
                }
                // one retry-worker pass as well, so that cron-driven deployments drain the DLQ too
                catchUp.retryPass();
                // every feed is caught up, even when an earlier one could not complete; the first failure is reported
                RuntimeException first = null;
                for (Feed feed : which) {
                    try {
                        catchUp.run(feed.jobs().scheduled());
                    } catch (RuntimeException e) {
                        first = first == null ? e : first;
                    }
                }
                if (first != null) {
                    throw first;
                }
                return 0;
            } finally {
                runtime.stop();
            }
        });
    }
}
