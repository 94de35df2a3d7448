package com.marketbars.ingest.backfill;

import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;
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
import java.util.function.BooleanSupplier;

/**
 * Works on backfill shards in this process: takes one with a lease (see {@link BackfillQueue}), runs it as a
 * catch-up of its own (resuming from its checkpoints when another process had started it), renews the lease while
 * it runs, and marks it done once it reached its end - or gives it back when it stopped short. Daemons call
 * {@link #workAvailable} on a timer (route {@code backfill-shards}); {@code backfill} calls it for its own job.
 * <p>
 * A process of this host that died leaves leases that would otherwise hold its shards until they run out: before
 * taking a shard, the leases of this host's owners whose process is gone are given up.
 */
public final class ShardWorker implements IngestListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardWorker.class);

    private final BackfillQueue queue;
    private final Feeds feeds;
    private final CatchUp catchUp;
    private final Clock clock;
    private final Duration lease;
    private final BooleanSupplier mayStart;
    private final String owner = ManagementFactory.getRuntimeMXBean().getName();   // pid@host
    private final Set<String> reachedEnd = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "backfill-lease-renewer");
        t.setDaemon(true);
        return t;
    });

    /** @param mayStart false once this process is stopping: no further shard is taken */
    public ShardWorker(BackfillQueue queue, Feeds feeds, CatchUp catchUp, Clock clock, Duration lease, BooleanSupplier mayStart) {
        this.queue = queue;
        this.feeds = feeds;
        this.catchUp = catchUp;
        this.clock = clock;
        this.lease = lease;
        this.mayStart = mayStart;
    }

    public String owner() {
        return owner;
    }

    /** Works shards of job {@code jobId} (0: of any job) until none is left to take. @return how many it finished */
    public synchronized int workAvailable(long jobId) {
        giveUpLeasesOfDeadProcesses();
        int finished = 0;
        while (mayStart.getAsBoolean()) {
            Optional<Shard> next = queue.claim(jobId, owner, clock.instant().plus(lease));
            if (next.isEmpty()) {
                break;
            }
            if (!run(next.get())) {
                break;   // stopped short (its feed paused, a shutdown): given back; the next call tries again
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

    /** @return true when the shard reached its end (it is done), false when it stopped short and was given back */
    private boolean run(Shard s) {
        BackfillJob job = queue.job(s.jobId()).orElseThrow();
        IngestJob work = feeds.feed(job.feed()).jobs().shard(s.jobId(), s.number(), s.symbols(), s.from(), s.to(), job.writeMode());
        long every = Math.max(1, lease.toMillis() / 3);
        ScheduledFuture<?> renewal = renewer.scheduleAtFixedRate(() -> renew(s), every, every, TimeUnit.MILLISECONDS);
        boolean done = false;
        try {
            LOG.info("{}: taken ({})", work.label(), owner);
            catchUp.run(work);
            done = reachedEnd.remove(work.cursorKey());
        } finally {
            renewal.cancel(false);
            if (done) {
                queue.done(s);
            } else {
                queue.release(s, owner);
            }
        }
        return done;
    }

    private void renew(Shard s) {
        try {
            if (!queue.renew(s, owner, clock.instant().plus(lease))) {
                LOG.warn("{} of job {}: the lease ran out and another process took the shard; both finish it, the writes being idempotent",
                        "shard " + s.number(), s.jobId());
            }
        } catch (RuntimeException e) {
            LOG.warn("shard {} of job {}: renewing the lease failed ({}); tried again in {}", s.number(), s.jobId(), e.getMessage(), lease.dividedBy(3));
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
