package com.marketbars.ingest.cli;

import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestJobs;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.coverage.Gap;
import com.marketbars.ingest.coverage.RefetchPlan;
import com.marketbars.ingest.feeds.Feed;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.pipeline.CatchUp;
import com.marketbars.ingest.pipeline.IngestListener;
import com.marketbars.ingest.pipeline.WindowCompletion;
import com.marketbars.ingest.model.WriteMode;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code gaps --refetch}: asks the vendor again for gaps through the ingest routes, as insert-only one-shot backfills
 * of the ranges a {@link RefetchPlan} chose, so the account's quota, redelivery, the quality gate and the DLQ apply as to
 * any backfill. Tallies their windows as the backfill's progress does.
 */
final class GapRefetch implements IngestListener {
    private long windows;
    private long requests;
    private long floor;
    private long inserted;
    private long deadLettered;
    private int jobsCompleted;

    private GapRefetch() {
    }

    static void run(IngestRuntime runtime, String feed, Map<String, List<Gap>> gaps, PrintStream err) {
        if (gaps.isEmpty()) {
            return;
        }
        Feed f = runtime.bean("Feeds", Feeds.class).feed(feed);
        IngestJobs jobs = f.jobs();
        RefetchPlan plan = RefetchPlan.of(gaps, f.settings().plan().window());
        err.printf("Asking the vendor again for %d gap(s) of %d symbol(s): %d job(s) over %d window(s)%n",
                gaps.values().stream().mapToInt(List::size).sum(), gaps.size(), plan.jobs().size(), plan.windows());
        GapRefetch tally = new GapRefetch();
        runtime.bean("WindowCompletion", WindowCompletion.class).addListener(tally);
        CatchUp catchUp = runtime.bean("CatchUp", CatchUp.class);
        for (RefetchPlan.Job j : plan.jobs()) {
            catchUp.run(jobs.backfill(j.from(), j.to(), j.symbols(), WriteMode.INSERT_ONLY));
        }
        tally.report(plan, err);
    }

    private synchronized void report(RefetchPlan plan, PrintStream err) {
        if (jobsCompleted < plan.jobs().size()) {
            throw new IllegalStateException("the refetch stopped before it was complete (" + jobsCompleted + " of "
                    + plan.jobs().size() + " jobs); run the same command again");
        }
        err.printf("Refetch: %d window(s), %d request(s) (floor %d), %,d bar(s) new, %d batch(es) dead-lettered (see dlq list)%n",
                windows, requests, floor, inserted, deadLettered);
    }

    @Override
    public synchronized void windowCompleted(IngestWindow w, long requestFloor, long remainingWindows) {
        windows++;
        requests += w.requests();
        floor += requestFloor;
        inserted += w.inserted();
        deadLettered += w.deadLettered();
    }

    @Override
    public synchronized void jobCompleted(IngestJob job) {
        jobsCompleted++;
    }
}
