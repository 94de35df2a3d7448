package com.marketbars.ingest.observability;

import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.errors.FailureKind;
import com.marketbars.ingest.pipeline.IngestListener;
import com.marketbars.ingest.pipeline.FeedControl;
import com.marketbars.ingest.store.StoreStatus;
import com.marketbars.ingest.store.UniverseStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The JMX view and controls of one source. Totals count the windows of the source's own cursor (the schedule),
 * not backfills; the checkpoint and lag are read from the database, so they are right after a restart too.
 */
public final class FeedView implements FeedViewMXBean, IngestListener {
    private final String feed;
    private final CheckpointStore checkpoints;
    private final UniverseStore universe;
    private final FeedControl control;
    private final StoreStatus store;
    private final Runnable triggerCatchUp;
    private final BooleanSupplier leads;
    private final Clock clock;

    private final AtomicLong windows = new AtomicLong();
    private final AtomicLong inserted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong revised = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicReference<String> lastWindow = new AtomicReference<>("");
    private final AtomicReference<Instant> lastCompletedAt = new AtomicReference<>();
    /** Why the source's last window was held for a broken vendor contract (a rejection storm), or null. */
    private final AtomicReference<String> vendorContractBroken = new AtomicReference<>();

    public FeedView(String feed, CheckpointStore checkpoints, UniverseStore universe, FeedControl control,
                        StoreStatus store, Runnable triggerCatchUp, BooleanSupplier leads, Clock clock) {
        this.store = store;
        this.feed = feed;
        this.checkpoints = checkpoints;
        this.universe = universe;
        this.control = control;
        this.triggerCatchUp = triggerCatchUp;
        this.leads = leads;
        this.clock = clock;
    }

    @Override
    public void windowCompleted(IngestWindow w, long requestFloor, long remainingWindows) {
        if (!w.job().cursorKey().equals(feed)) {
            return;
        }
        // a later window of the source passed the quality gate: the vendor's bars fit their contract again
        vendorContractBroken.set(null);
        windows.incrementAndGet();
        inserted.addAndGet(w.inserted());
        duplicates.addAndGet(w.duplicates());
        revised.addAndGet(w.revised());
        rejected.addAndGet(w.rejected());
        deadLettered.addAndGet(w.deadLettered());
        lastWindow.set("[" + w.start() + ", " + w.end() + ") " + w.symbols().size() + " symbols, " + w.requests()
                + " requests, took " + w.elapsedMillis() + " ms");
        lastCompletedAt.set(clock.instant());
    }

    @Override
    public void windowHeld(IngestWindow w, FailureKind kind, String message) {
        if (w.job().cursorKey().equals(feed) && kind.holdsWindow()) {
            vendorContractBroken.set(message);
        }
    }

    @Override
    public String getVendorContractBroken() {
        String m = vendorContractBroken.get();
        return m == null ? "" : m;
    }

    @Override
    public String getFeed() {
        return feed;
    }

    @Override
    public String getCheckpoint() {
        Instant oldest = oldestCheckpoint();
        return oldest == null ? "" : oldest.toString();
    }

    @Override
    public long getLagSeconds() {
        Instant oldest = oldestCheckpoint();
        return oldest == null ? -1 : Math.max(0, Duration.between(oldest, clock.instant()).toSeconds());
    }

    /** Whether the symbol is in the universe now (a vendor's list changes while the process runs). */
    public boolean inUniverse(String symbol) {
        return universe.load().contains(symbol);
    }

    @Override
    public int getSymbols() {
        return universe.load().size();
    }

    @Override
    public int getSymbolsNeverIngested() {
        Map<String, Instant> cursors = checkpoints.load(feed);
        return (int) universe.load().stream().filter(s -> !cursors.containsKey(s)).count();
    }

    private Instant oldestCheckpoint() {
        Map<String, Instant> cursors = checkpoints.load(feed);
        List<String> symbols = universe.load();
        return symbols.stream().map(cursors::get).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
    }

    @Override
    public String getLastWindow() {
        return lastWindow.get();
    }

    @Override
    public String getLastWindowCompletedAt() {
        Instant t = lastCompletedAt.get();
        return t == null ? "" : t.toString();
    }

    @Override
    public long getWindowsCompleted() {
        return windows.get();
    }

    @Override
    public long getBarsNew() {
        return inserted.get();
    }

    @Override
    public long getBarsDuplicate() {
        return duplicates.get();
    }

    @Override
    public long getBarsRevised() {
        return revised.get();
    }

    @Override
    public long getBarsRejected() {
        return rejected.get();
    }

    @Override
    public long getBatchesDeadLettered() {
        return deadLettered.get();
    }

    @Override
    public Map<String, Long> getQuarantinedByRule() {
        return store.quarantinedByRule();
    }

    @Override
    public boolean isRunning() {
        return control.isRunning();
    }

    @Override
    public String getStoppedReason() {
        String r = control.stoppedReason();
        return r == null ? "" : r;
    }

    @Override
    public String runNow() {
        if (!control.isRunning()) {
            return "source " + feed + " is not running (" + control.stoppedReason() + "); resume it first";
        }
        if (!leads.getAsBoolean()) {
            // the feed's due route would drop the trigger (Leadership): say so instead of "triggered"
            return "this instance stands by for " + feed + ": the instance holding its lock runs its catch-ups"
                    + " (status shows which); nothing triggered here";
        }
        triggerCatchUp.run();
        return "catch-up of " + feed + " triggered";
    }

    @Override
    public String pause() {
        control.stop("paused by an operator over JMX");
        return "source " + feed + " paused";
    }

    @Override
    public String resume() {
        control.resume();
        return "source " + feed + " running";
    }
}
