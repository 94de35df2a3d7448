package com.marketbars.ingest.backfill;

import com.marketbars.ingest.checkpoint.Fence;
import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.StaleLeaseException;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.pipeline.CatchUp;
import com.marketbars.ingest.pipeline.IngestListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Works on backfill shards in this process: takes one with a lease (see {@link BackfillQueue}), runs it as a
 * catch-up of its own (resuming from its checkpoints when another process had started it), renews the lease while
 * it runs, and marks it done once it reached its end - or gives it back when it stopped short. Daemons call
 * {@link #workAvailable} on a timer (route {@code backfill-shards}); {@code backfill} calls it for its own job.
 * <p>
 * A process of this host that died leaves leases that would otherwise hold its shards until they run out: before
 * taking a shard, the leases of this host's owners whose process is gone are given up.
 * <p>
 * Fenced: the shard's checkpoint advances and DLQ rows carry this take of its lease ({@link LeasedShard#fence}), and
 * the database refuses them once another process took the shard (its lease ran out while this one was frozen, cut off
 * or slow). When a renewal or an advance is refused the shard's work stops - no new window, no new request; the pages
 * in flight may still be written, idempotently - with one line naming the shard and who has it now, and this process
 * stands by for other shards.
 */
public final class ShardWorker implements IngestListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardWorker.class);

    private final BackfillQueue queue;
    private final Feeds feeds;
    private final CatchUp catchUp;
    private final Clock clock;
    private final Duration lease;
    private final BooleanSupplier mayStart;
    private final Function<Fence, String> movedOn;
    private final String owner = ManagementFactory.getRuntimeMXBean().getName();   // pid@host
    private final Set<String> reachedEnd = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "backfill-lease-renewer");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param mayStart false once this process is stopping: no further shard is taken
     * @param movedOn  who has the lease a fence names now, or null while it still has the fence (cluster/LeaseFence)
     */
    public ShardWorker(BackfillQueue queue, Feeds feeds, CatchUp catchUp, Clock clock, Duration lease, BooleanSupplier mayStart,
                       Function<Fence, String> movedOn) {
        this.queue = queue;
        this.feeds = feeds;
        this.catchUp = catchUp;
        this.clock = clock;
        this.lease = lease;
        this.mayStart = mayStart;
        this.movedOn = movedOn;
    }

    public String owner() {
        return owner;
    }

    /** Works shards of job {@code jobId} (0: of any job) until none is left to take. @return how many it finished */
    public synchronized int workAvailable(long jobId) {
        giveUpLeasesOfDeadProcesses();
        int finished = 0;
        while (mayStart.getAsBoolean()) {
            Optional<LeasedShard> next = queue.claim(jobId, owner, clock.instant().plus(lease));
            if (next.isEmpty()) {
                break;
            }
            if (!run(next.get())) {
                break;   // stopped short (its feed paused, a shutdown, taken by another): the next call tries again
            }
            finished++;
        }
        return finished;
    }

    /** The daemon's timer: shards of any job; a failure is logged, the shard given back, and the next tick tries again. */
    public void workAnyJob() {
        try {
            workAvailable(0);
        } catch (RuntimeException e) {
            LOG.warn("backfill shard stopped: {}", e.getMessage());
        }
    }

    /**
     * @return true when the shard reached its end (it is done), false when it stopped short - given back, or taken by
     * another process meanwhile
     */
    private boolean run(LeasedShard taken) {
        Shard s = taken.shard();
        BackfillJob job = queue.job(s.jobId()).orElseThrow();
        IngestJob work = feeds.feed(job.feed()).jobs().shard(s.jobId(), s.number(), s.symbols(), s.from(), s.to(), job.writeMode());
        // why this take was lost, once it was: the one line is logged by whichever learns it first, renewal or advance
        AtomicReference<String> lost = new AtomicReference<>();
        Fence fence = taken.fence(lost::get);
        long every = Math.max(1, lease.toMillis() / 3);
        ScheduledFuture<?> renewal = renewer.scheduleAtFixedRate(() -> renew(taken, fence, lost, work.label()), every, every,
                TimeUnit.MILLISECONDS);
        boolean done = false;
        try {
            LOG.info("{}: taken ({}, take {})", work.label(), owner, taken.take());
            catchUp.run(work, fence);
            done = reachedEnd.remove(work.cursorKey());
        } catch (StaleLeaseException e) {
            stopped(work.label(), lost, e.getMessage());
        } finally {
            renewal.cancel(false);
            if (done) {
                queue.done(s);
            } else {
                queue.release(taken);   // of this take only: a shard another process took stays its
            }
        }
        return done;
    }

    private void renew(LeasedShard taken, Fence fence, AtomicReference<String> lost, String label) {
        if (lost.get() != null) {
            return;
        }
        try {
            if (!queue.renew(taken, clock.instant().plus(lease))) {
                String now = movedOn.apply(fence);
                stopped(label, lost, "the renewal of its lease under " + fence + " was refused"
                        + (now == null ? "" : ": " + now));
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: renewing the lease failed ({}); tried again in {}", label, e.getMessage(), lease.dividedBy(3));
        }
    }

    /** The shard's work stops (its fence says so from now on); logged once, by whichever learns it first. */
    private static void stopped(String label, AtomicReference<String> lost, String why) {
        if (lost.compareAndSet(null, why)) {
            LOG.warn("{} stopped: {}; standing by for other shards", label, why);
        }
    }

    private void giveUpLeasesOfDeadProcesses() {
        String host = owner.substring(owner.indexOf('@') + 1);
        for (String o : queue.leaseOwners()) {
            int at = o.indexOf('@');
            if (at < 0 || !o.substring(at + 1).equals(host) || o.equals(owner)) {
                continue;
            }
            try {
                long pid = Long.parseLong(o.substring(0, at));
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
            } catch (NumberFormatException notAPid) {
                continue;
            }
            int n = queue.expireLeasesOf(o);
            LOG.info("process {} of this host is gone: its {} shard lease(s) given up", o, n);
        }
    }

    @Override
    public void windowCompleted(IngestWindow w, long requestFloor, long remainingWindows) {
        // progress is the backfill command's and the console's business; a shard only needs to know it reached its end
    }

    @Override
    public void jobCompleted(IngestJob job) {
        reachedEnd.add(job.cursorKey());
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
