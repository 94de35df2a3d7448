package com.marketbars.ingest.cli;

import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.backfill.BackfillQueue;
import com.marketbars.ingest.backfill.EarlierBackfillCursor;
import com.marketbars.ingest.backfill.ShardCut;
import com.marketbars.ingest.backfill.ShardWorker;
import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.settings.IngestSettings;
import com.marketbars.ingest.checkpoint.IngestJobs;
import com.marketbars.ingest.checkpoint.WindowPlanner;
import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.pipeline.WindowCompletion;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.pipeline.CatchUp;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * One-shot ingest of a fixed range through the same routes as the daemon. Resumable: killed half-way and run
 * again with the same arguments, it continues from its own checkpoint. Exits 0 only when the range is complete.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Ingest [--from, --to) once and exit: 0 when complete, non-zero with a message otherwise.")
public final class BackfillCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Mixin
    PeriodOptions period = new PeriodOptions();

    @Option(names = "--mode", paramLabel = "upsert|insert-only", converter = ModeConverter.class,
            description = "Write mode of this backfill (default: ingest.write-mode). upsert re-pulls the range and replaces the bars the vendor has revised.")
    WriteMode mode;

    @Option(names = "--submit", description = "Record the backfill as a job and return: every daemon on the database works on its shards (status shows them).")
    boolean submit;

    @Option(names = "--quiet", description = "No progress line on the terminal.")
    boolean quiet;

    @Option(names = "--dlq-wait", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the backfill may wait for its own DLQ rows to fall due again (ingest.dlq.retry-*) and replays them before it exits (default ${DEFAULT-VALUE}).")
    Duration dlqWait = Duration.ofMinutes(10);

    @Override
    public Integer call() {
        return Failures.exitCode(() -> {
            // the range on whole bars of the chosen feed, and its symbols in the feed's syntax (tickers, or pairs such as
            // BTC/USD): refused before anything starts
            FeedSettings feed = SettingsLoader.load(common.config, common.overrides).chosenFeed(common.feed);
            Instant start = period.start(feed);
            Instant end = period.end(feed);
            List<String> symbols = period.symbols(feed);
            Map<String, String> overrides = new LinkedHashMap<>(common.overrides);
            overrides.put("ingest.scheduler.enabled", "false");
            IngestRuntime runtime = IngestRuntime.start(common.config, overrides);
            try {
                Job job = submitOrJoin(runtime, start, end, symbols);
                if (submit) {
                    System.out.printf("Submitted backfill job %d: %d shard(s); every daemon on this database works on it "
                            + "(see status)%n", job.id(), job.shards().size());
                    return 0;
                }
                return work(runtime, job);
            } finally {
                runtime.stop();
            }
        });
    }

    /** A backfill job as this command found or made it: the whole range as one job, cut into shards. */
    private record Job(long id, IngestJob whole, Instant start, Instant end, List<BackfillQueue.ShardState> shards,
                       Set<Integer> doneShards) {
    }

    /** The job of this range: a new one, or the one already submitted (which this command joins), announced on stderr. */
    private Job submitOrJoin(IngestRuntime runtime, Instant start, Instant end, List<String> symbols) {
        IngestJobs jobs = runtime.bean("Feeds", Feeds.class).chosen(common.feed).jobs();
        // the whole range as one job: its symbols (the universe when none are given) and its windows
        IngestJob whole = mode == null ? jobs.backfill(start, end, symbols) : jobs.backfill(start, end, symbols, mode);
        IngestSettings.BackfillSharding sharding = runtime.bean("IngestSettings", IngestSettings.class).backfill();
        BackfillQueue queue = runtime.bean("BackfillQueue", BackfillQueue.class);
        ShardWorker worker = runtime.bean("ShardWorker", ShardWorker.class);
        long id = queue.submitOrJoin(whole.feed(), start, end, whole.symbols(), whole.writeMode(), worker.owner(),
                jobId -> ShardCut.cut(jobId, whole.plan(), whole.symbols(), start, end, sharding.shardSymbols(), sharding.shardPeriod()));
        List<BackfillQueue.ShardState> shards = queue.shards(id);
        Set<Integer> doneShards = shards.stream().filter(sh -> sh.state().equals("done"))
                .map(BackfillQueue.ShardState::number).collect(Collectors.toSet());
        // a backfill of this range interrupted under the release before jobs resumes where it stopped
        // (into the shards not done: a done shard's cursor is deleted with it, and a new one would stay forever)
        int carried = EarlierBackfillCursor.carryInto(runtime.bean("CheckpointStore", CheckpointStore.class),
                whole.cursorKey(), whole.feed(),
                () -> queue.pieces(id).stream().filter(p -> !doneShards.contains(p.number())).toList());
        if (carried > 0) {
            System.err.printf("Resuming an earlier backfill of this range (%s): %d symbols' checkpoints carried into job %d%n",
                    whole.cursorKey(), carried, id);
        }
        System.err.printf("Backfill job %d of %s [%s, %s): %d shard(s), %d done%n", id, whole.feed(), start, end, shards.size(),
                doneShards.size());
        return new Job(id, whole, start, end, shards, doneShards);
    }

    /** Works on the job's shards with whoever else does (daemons, an identical backfill) until all are done. */
    private int work(IngestRuntime runtime, Job job) throws InterruptedException {
        WindowPlanner planner = runtime.bean("WindowPlanner", WindowPlanner.class);
        // the job's windows: those of its shards not done yet (a shard is as many windows as its range; the
        // whole range's own cursor is not the job's, which resumes from its shards)
        long windows = job.shards().stream().filter(sh -> !job.doneShards().contains(sh.number()))
                .mapToLong(sh -> planner.windowsOf(job.whole(), sh.from(), sh.to())).sum();
        BackfillProgress progress = new BackfillProgress(System.err, windows, quiet,
                runtime.bean("Database", Database.class)::timeInWrites);
        runtime.bean("WindowCompletion", WindowCompletion.class).addListener(progress);
        BackfillQueue queue = runtime.bean("BackfillQueue", BackfillQueue.class);
        ShardWorker worker = runtime.bean("ShardWorker", ShardWorker.class);
        long poll = Math.min(runtime.bean("IngestSettings", IngestSettings.class).backfill().poll().toMillis(), WAITING_POLL_MILLIS);
        while (!queue.job(job.id()).orElseThrow().finished()) {
            if (runtime.context().isStopping()) {
                System.err.println("Backfill stopped before the range was complete; run the same command again to resume.");
                return 1;
            }
            if (worker.workAvailable(job.id()) == 0) {
                // the shards left are leased by other processes: look again within a second (one query), so the
                // command ends soon after the last of them rather than a daemon's whole poll later
                Thread.sleep(poll);
            }
        }
        Instant horizon = planner.horizon(job.whole());
        if (job.end().isAfter(horizon)) {
            System.err.println("Note: bars after " + horizon + " are still forming (ingest.settle) and were not requested.");
        }
        int left = replayOwnDeadLetters(runtime, job);
        progress.printSummary(left);
        return left == 0 ? 0 : Failures.DONE_EXCEPT_DLQ;
    }

    /** The job's own DLQ rows replayed; how many are left. */
    private int replayOwnDeadLetters(IngestRuntime runtime, Job job) {
        CatchUp catchUp = runtime.bean("CatchUp", CatchUp.class);
        String feed = job.whole().feed();
        int left = OwnDeadLetters.replay(runtime, catchUp, feed, IngestJob.shardKeyPrefix(feed, job.id()),
                "backfill job " + job.id(), dlqWait);
        // and those an earlier backfill of this range left under its own cursor: its windows were checkpointed
        // past batches it dead-lettered, and that position is now this job's (EarlierBackfillCursor) - without
        // them the range would be reported complete with their bars missing
        left += OwnDeadLetters.replay(runtime, catchUp, feed, job.whole().cursorKey(), "the earlier backfill of this range", dlqWait);
        return left;
    }

    /** How often a command whose job's last shards are in other processes' hands asks whether they are done. */
    private static final long WAITING_POLL_MILLIS = 1_000;

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                Duration d = Duration.parse(value);
                if (d.isNegative()) {
                    throw new TypeConversionException("'" + value + "' is negative");
                }
                return d;
            } catch (java.time.format.DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not an ISO-8601 duration such as PT0S, PT10M or PT1H");
            }
        }
    }

    /** Operators write the labels ({@code insert-only}), not the enum names. */
    static final class ModeConverter implements ITypeConverter<WriteMode> {
        @Override
        public WriteMode convert(String value) {
            try {
                return WriteMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
