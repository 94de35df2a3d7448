package com.marketbars.ingest.cli;

import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.feeds.Feed;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.dlq.BackfillReplays;
import com.marketbars.ingest.dlq.DeadLetter;
import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.pipeline.CatchUp;
import com.marketbars.ingest.pipeline.FeedControl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The end of a backfill: its own DLQ rows replayed (see {@link BackfillReplays}), and how many are left. */
final class OwnDeadLetters {
    private OwnDeadLetters() {
    }

    /** @return the backfill's rows still in the DLQ after replaying them for at most {@code maxWait} */
    static int replay(IngestRuntime runtime, CatchUp catchUp, String feedName, String cursorKeyPrefix, String label, Duration maxWait) {
        Feed feed = runtime.bean("Feeds", Feeds.class).feed(feedName);
        FeedControl control = feed.control();
        Clock clock = runtime.bean("Clock", Clock.class);
        BackfillReplays replays = new BackfillReplays(runtime.bean("DeadLetterStore", DeadLetterStore.class),
                feed.jobs(), runtime.context().createProducerTemplate(),
                control::isRunning, clock);
        if (replays.rows(cursorKeyPrefix).isEmpty()) {
            return 0;
        }
        Instant deadline = clock.instant().plus(maxWait);
        List<DeadLetter> left = new ArrayList<>();
        catchUp.rideOut("replaying the DLQ rows of " + label, () -> {
            try {
                left.clear();
                left.addAll(replays.replayUntil(cursorKeyPrefix, deadline));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while replaying the DLQ rows of " + label, e);
            }
        });
        return left.size();
    }
}
