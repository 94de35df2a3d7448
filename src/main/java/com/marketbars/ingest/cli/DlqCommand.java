package com.marketbars.ingest.cli;

import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.settings.IngestSettings;
import com.marketbars.ingest.dlq.DeadLetter;
import com.marketbars.ingest.dlq.DeadLetterQueue;
import com.marketbars.ingest.dlq.DeadLetterReview;
import com.marketbars.ingest.dlq.DeadLetterStats;
import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.store.Database;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Human review of the dead-letter queue. Every change is recorded in {@code ingest_dlq_audit} with the operator's
 * user name; nothing leaves the DLQ without a trace. The same operations are JMX operations of the running
 * process ({@code market-bars-ingest:type=DeadLetterQueue,name=NAME}).
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Review the dead-letter queue: list, retry now, discard with a reason.",
        subcommands = {DlqCommand.ListRows.class, DlqCommand.Retry.class, DlqCommand.Discard.class})
public final class DlqCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "dlq needs a subcommand: list, retry or discard");
    }

    static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    /** Opens the database and hands the review of the chosen feed ({@code --feed}, or the only one) to {@code body}. */
    static int withReview(CommonOptions common, Function<DeadLetterReview, Integer> body) {
        return Failures.exitCode(() -> {
            IngestSettings settings = SettingsLoader.load(common.config, common.overrides);
            try (Database db = Database.open(settings.dbUrl(), 2, settings.firstFeed().name())) {
                return body.apply(new DeadLetterReview(new DeadLetterStore(db, Clock.systemUTC()), settings.chosenFeed(common.feed).name()));
            }
        });
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the DLQ rows of the source, oldest first.")
    static final class ListRows implements java.util.concurrent.Callable<Integer> {
        @Mixin
        CommonOptions common = new CommonOptions();

        @Option(names = "--parked", description = "Only the rows the retry worker gave up on.")
        boolean parked;

        @Override
        public Integer call() {
            return withReview(common, review -> {
                DeadLetterStats s = review.stats();
                System.out.printf("%d rows, %d parked%s%n", s.depth(), s.parked(), s.oldest() == null ? "" : ", oldest " + s.oldest());
                review.list(parked).forEach(d -> System.out.println(DeadLetterQueue.line(d)));
                return 0;
            });
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Make rows due now (un-parking them), whatever their backoff, and replay them at once.")
    static final class Retry implements java.util.concurrent.Callable<Integer> {
        @Mixin
        CommonOptions common = new CommonOptions();

        @ArgGroup(multiplicity = "1")
        Which which;

        static final class Which {
            @Parameters(paramLabel = "ID", description = "The row to retry.")
            Long id;

            @Option(names = "--all", required = true, description = "Every row of the source, parked ones included.")
            boolean all;
        }

        @Option(names = "--queue-only", description = "Only make them due; the running process's retry worker replays them on its next pass.")
        boolean queueOnly;

        @Override
        public Integer call() {
            return Failures.exitCode(() -> {
                IngestSettings settings = SettingsLoader.load(common.config, common.overrides);
                int marked;
                try (Database db = Database.open(settings.dbUrl(), 2, settings.firstFeed().name())) {
                    DeadLetterReview review = new DeadLetterReview(new DeadLetterStore(db, Clock.systemUTC()), settings.chosenFeed(common.feed).name());
                    if (which.all) {
                        marked = review.retryAll(actor());
                    } else {
                        review.retry(which.id, actor());
                        marked = 1;
                    }
                }
                if (queueOnly) {
                    System.out.println(marked + " row(s) due now");
                    return 0;
                }
                return replayNow(marked);
            });
        }

        private int replayNow(int marked) throws Exception {
            Map<String, String> overrides = new LinkedHashMap<>(common.overrides);
            overrides.put("ingest.scheduler.enabled", "false");
            IngestRuntime runtime = IngestRuntime.start(common.config, overrides);
            try {
                DeadLetterReview review = runtime.bean("Feeds", com.marketbars.ingest.feeds.Feeds.class).chosen(common.feed).review();
                Set<Long> before = ids(review.list(false));
                runtime.context().createProducerTemplate().requestBody("direct:dlq-retry", (Object) null);
                List<DeadLetter> after = review.list(false);
                Set<Long> still = ids(after);
                long closed = before.stream().filter(id -> !still.contains(id)).count();
                System.out.printf("%d row(s) due now; replayed: %d closed, %d still in the DLQ%n", marked, closed, after.size());
                after.forEach(d -> System.out.println(DeadLetterQueue.line(d)));
                return 0;
            } finally {
                runtime.stop();
            }
        }

        private static Set<Long> ids(List<DeadLetter> rows) {
            return rows.stream().map(DeadLetter::id).collect(Collectors.toSet());
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true,
            description = "Give a row up: it leaves the DLQ, and ingest_dlq_audit keeps it with your reason.")
    static final class Discard implements java.util.concurrent.Callable<Integer> {
        @Mixin
        CommonOptions common = new CommonOptions();

        @Parameters(paramLabel = "ID", description = "The row to discard.")
        long id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (kept in the audit table).")
        String reason;

        @Override
        public Integer call() {
            return withReview(common, review -> {
                DeadLetter row = review.discard(id, reason, actor());
                System.out.println("discarded " + DeadLetterQueue.line(row));
                return 0;
            });
        }
    }
}
