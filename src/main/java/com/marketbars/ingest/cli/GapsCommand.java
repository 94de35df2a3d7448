package com.marketbars.ingest.cli;

import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.settings.ConfigException;
import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.settings.IngestSettings;
import com.marketbars.ingest.coverage.Coverage;
import com.marketbars.ingest.coverage.Gap;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.UniverseStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The bars missing in a period, per feed and symbol, as the console's coverage view shows them ({@link Coverage});
 * {@code --refetch} asks the vendor for them again and lists what remains. Exits 0 when nothing is missing, 9 when
 * gaps remain.
 */
@Command(name = "gaps", mixinStandardHelpOptions = true,
        description = "List the ranges of bars missing in [--from, --to) per symbol (exit 0: none, 9: gaps remain); "
                + "--refetch asks the vendor for them again first.")
public final class GapsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Mixin
    PeriodOptions period = new PeriodOptions();

    @Option(names = "--refetch", description = "Ask the vendor again for the gaps first, through the ingest routes as an "
            + "insert-only backfill of the fewest windows that cover them (quota, redelivery, quality gate and DLQ apply), "
            + "then list the gaps that remain.")
    boolean refetch;

    @Option(names = "--summary", description = "Print the feed's overview instead of the ranges: one line a UTC day of the "
            + "period across the whole universe (session, symbols, with gaps, expected, stored, thin, missing, lost, in the DLQ, "
            + "quarantined, extended hours, share), as the console's coverage view opens on.")
    boolean summary;

    @Override
    public Integer call() {
        return Failures.exitCode(() -> {
            IngestSettings settings = SettingsLoader.load(common.config, common.overrides);
            FeedSettings feed = option("--feed", () -> settings.chosenFeed(common.feed));
            Instant start = option("--from", () -> period.start(feed));
            Instant end = option("--to", () -> period.end(feed));
            if (!start.isBefore(end)) {
                throw new ConfigException("--from", start + " is not before --to " + end);
            }
            List<String> symbols = period.symbols(feed);
            if (summary) {
                if (refetch || !symbols.isEmpty()) {
                    throw new ConfigException("--summary", "sums the whole universe and asks nothing: not with "
                            + (refetch ? "--refetch" : "--symbols"));
                }
                try (Database db = Database.open(settings.dbUrl(), 2, settings.firstFeed().name())) {
                    LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
                    LocalDate last = LocalDate.ofInstant(end.minusMillis(1), ZoneOffset.UTC);
                    return GapSummary.print(new Coverage(db, Clock.systemUTC()).overview(feed, first, last.plusDays(1)), System.out);
                }
            }
            if (!refetch) {
                try (Database db = Database.open(settings.dbUrl(), 2, settings.firstFeed().name())) {
                    return report(new GapReport(new Coverage(db, Clock.systemUTC()), feed, start, end), db, symbols, null);
                }
            }
            Map<String, String> overrides = new LinkedHashMap<>(common.overrides);
            overrides.put("ingest.scheduler.enabled", "false");
            IngestRuntime runtime = IngestRuntime.start(common.config, overrides);
            try {
                GapReport report = new GapReport(runtime.bean("Coverage", Coverage.class), feed, start, end);
                return report(report, runtime.bean("Database", Database.class), symbols, runtime);
            } finally {
                runtime.stop();
            }
        });
    }

    /** Lists the gaps, after asking the vendor for them again when a runtime is given. */
    private static int report(GapReport report, Database db, List<String> symbols, IngestRuntime refetchWith) {
        String feed = report.feed().name();
        List<String> which = symbols.isEmpty() ? new UniverseStore(db, Clock.systemUTC(), feed).load() : symbols;
        Map<String, List<Gap>> gaps = report.find(which);
        if (refetchWith != null && !gaps.isEmpty()) {
            GapRefetch.run(refetchWith, feed, gaps, System.err);
            gaps = report.find(which);
        }
        return report.print(which, gaps, System.out, System.err);
    }

    /** Parses an option's value; a value it refuses is an invalid option (exit 2), its message naming the option. */
    private static <T> T option(String name, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            throw new ConfigException(name, m.startsWith(name + ": ") ? m.substring(name.length() + 2) : m);
        }
    }
}
