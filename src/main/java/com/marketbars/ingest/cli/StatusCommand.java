package com.marketbars.ingest.cli;

import com.marketbars.ingest.backfill.BackfillJob;
import com.marketbars.ingest.backfill.BackfillQueue;
import com.marketbars.ingest.backfill.JobProgress;
import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.settings.IngestSettings;
import com.marketbars.ingest.cluster.FeedLeaders;
import com.marketbars.ingest.cluster.SingleInstance;
import com.marketbars.ingest.model.Quota;
import com.marketbars.ingest.dlq.DeadLetterStats;
import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.quota.AccountUsage;
import com.marketbars.ingest.store.DatabaseClock;
import com.marketbars.ingest.store.JdbcQuotaLedger;
import com.marketbars.ingest.store.OutageMarker;
import com.marketbars.ingest.store.StoreStatus;
import com.marketbars.ingest.store.UniverseStore;
import com.marketbars.ingest.universe.UniverseRefreshLog;
import com.marketbars.ingest.universe.UniverseView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Checkpoint and lag per source, laggard symbols, row counts, quarantine and DLQ depth. Reads only. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show checkpoints, lag, row counts and DLQ depth.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--laggards", paramLabel = "N", description = "How many of the furthest-behind symbols to list (default ${DEFAULT-VALUE}).")
    int laggards = 5;

    @Override
    public Integer call() {
        return Failures.exitCode(() -> {
            IngestSettings settings = SettingsLoader.load(common.config, common.overrides);
            // an outage an ingest process is riding out, said first: when the database does not answer, it is all we know
            OutageMarker.forDatabase(settings.dbUrl()).read()
                    .ifPresent(o -> System.out.printf("database   UNAVAILABLE: %s%n", o.describe()));
            try (Database db = Database.open(settings.dbUrl(), 2, settings.firstFeed().name());
                 Database ledger = Database.openQuotaLedger(settings.dbUrl())) {
                List<FeedSettings> feeds = common.feed == null ? settings.feeds() : List.of(settings.chosenFeed(common.feed));
                print(System.out, settings, feeds, db, ledger, Clock.systemUTC());
            }
            return 0;
        });
    }

    /** @param ledgerDb the database of the accounts' quota ledger ({@link Database#openQuotaLedger}) */
    void print(PrintStream out, IngestSettings settings, List<FeedSettings> feeds, Database db, Database ledgerDb, Clock clock) {
        out.printf("database   %s (schema version %s)%n", redactUrl(settings.dbUrl()), db.schemaVersion());
        settings.accounts().forEach((account, quota) -> printAccount(out, settings, account, quota, ledgerDb, clock));
        FeedLeaders leaders = new FeedLeaders(db, SingleInstance.usesLeases(settings.lockDir()));
        for (FeedSettings feed : feeds) {
            printFeed(out, feed, db, leaders, clock);
        }
    }

    /** One feed: its rows, its DLQ, its checkpoints and laggards, and its unfinished backfills. */
    private void printFeed(PrintStream out, FeedSettings feed, Database db, FeedLeaders leaders, Clock clock) {
        String name = feed.name();
        StoreStatus store = new StoreStatus(db, name);
        CheckpointStore checkpoints = new CheckpointStore(db, clock);
        Instant now = clock.instant();
        out.printf("feed       %s: %s %s bars, account %s%n", name, feed.provider(), feed.plan().timeframe(), feed.account());
        leaders.describe(name).ifPresent(leader -> out.printf("leader     %s%n", leader));
        out.printf("bars       %,d rows%n", store.bars());
        Map<String, Long> quarantined = store.quarantinedByRule();
        out.printf("rejected   %,d bars in data_quality %s%n", quarantined.values().stream().mapToLong(Long::longValue).sum(), quarantined);
        DeadLetterStats dlq = new DeadLetterStore(db, clock).stats(name);
        out.printf("dlq        %,d entries, %,d parked%s (review: dlq list)%n", dlq.depth(), dlq.parked(),
                dlq.oldest() == null ? "" : ", oldest " + dlq.oldest());

        List<String> universe = new UniverseStore(db, clock, name).load();
        Map<String, Instant> cursors = checkpoints.load(name);
        long never = universe.stream().filter(s -> !cursors.containsKey(s)).count();
        Instant oldest = universe.stream().map(cursors::get).filter(java.util.Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
        out.printf("source     %s: %d symbols, %d never ingested%n", name, universe.size(), never);
        printUniverse(out, feed, db, clock);
        if (oldest != null) {
            out.printf("checkpoint %s (oldest symbol), lag %s%n", oldest, lag(oldest, now));
            universe.stream().filter(cursors::containsKey)
                    .sorted(Comparator.comparing(cursors::get))
                    .limit(laggards)
                    .forEach(s -> out.printf("  laggard  %-10s %s  lag %s%n", s, cursors.get(s), lag(cursors.get(s), now)));
        }
        for (String key : checkpoints.cursorKeys()) {
            if (key.startsWith(name + "@backfill:")) {
                // a backfill of a release before backfill jobs, interrupted: run again, it resumes as a job from here
                // (EarlierBackfillCursor)
                Map<String, Instant> b = checkpoints.load(key);
                Instant min = b.values().stream().min(Comparator.naturalOrder()).orElse(null);
                out.printf("unfinished %s: %d symbols started, oldest at %s%n", key, b.size(), min);
            }
        }
        BackfillQueue queue = new BackfillQueue(db, clock);
        for (BackfillJob job : queue.jobs(Duration.ofDays(1))) {
            if (job.feed().equals(name)) {
                out.printf("backfill   %s%n", JobProgress.of(job, queue.shards(job.id()), now).line());
            }
        }
    }

    /** Where a feed's universe comes from; for the vendor's list, its last refresh and what it changed. */
    private static void printUniverse(PrintStream out, FeedSettings feed, Database db, Clock clock) {
        if (!feed.universeFromVendor()) {
            return;
        }
        UniverseView.State u = new UniverseView(feed, new UniverseStore(db, clock, feed.name()), new UniverseRefreshLog(db)).state();
        out.printf("universe   %s, %d symbols; last refresh %s%n", u.source(), u.size(), u.lastRefreshAt() == null ? "never"
                : u.lastRefreshAt() + " " + u.lastRefreshOutcome() + ": " + u.lastRefreshDetail());
        if (u.lastAppliedAt() != null) {
            out.printf("  changes  at %s: +%d %s, -%d %s%n", u.lastAppliedAt(), u.addedCount(), u.added().stream().limit(10).toList(),
                    u.removedCount(), u.removed().stream().limit(10).toList());
        }
    }

    /** An account's quota as all processes (and feeds) use it, from the shared ledger. */
    private static void printAccount(PrintStream out, IngestSettings settings, String account, Quota quota, Database ledgerDb, Clock clock) {
        if (quota.isNone()) {
            out.printf("account    %s: no quota (none)%n", account);
            return;
        }
        Clock ledgerClock = DatabaseClock.forLedger(ledgerDb, clock);
        AccountUsage u = new JdbcQuotaLedger(ledgerDb, ledgerClock).usage(account, quota, settings.maxAnswerTime());
        out.printf("account    %s: quota %s; all processes: %d in flight, %d x 429 in the last hour%s%n", account,
                quota, u.inFlight(), u.rateLimitedLastHour(), u.paused() ? ", PAUSED until " + u.pausedUntil() : "");
        for (AccountUsage.LimitUsage l : u.limits()) {
            out.printf("  limit    %-12s %d sent in the last %s (%.0f%%), %d slots held%n", l.limit(), l.sentInWindow(),
                    l.limit().period(), 100 * l.utilisation(), l.held());
        }
        if (u.vendorLimit() != null && !quota.withVendorLimit(u.vendorLimit()).equals(quota)) {
            out.printf("  vendor   reports a limit of %d (X-RateLimit-Limit), below the configured quota%n", u.vendorLimit());
        }
    }

    private static String lag(Instant cursor, Instant now) {
        return Duration.between(cursor, now).withNanos(0).toString();
    }

    /** A PostgreSQL URL may carry a password parameter: never print it. */
    static String redactUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
