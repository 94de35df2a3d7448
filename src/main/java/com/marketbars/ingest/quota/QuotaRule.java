package com.marketbars.ingest.quota;

import com.marketbars.ingest.model.Limit;
import java.util.List;

/**
 * Whether a request may be sent now, given how the account's slots are held. Pure: the ledger reads the counts and
 * asks, inside the transaction that then records the request, so the decision and the record are one atomic step.
 * <p>
 * A vendor with a sliding window counts a request at some instant between our send and our receipt of the answer.
 * So a request holds a slot of every limit from its send until that limit's period after its answer: then no window
 * of the vendor's can see more than the limit, whatever the latency and its jitter. (Stamping the send time, as a
 * plain token bucket does, is what made the seed script trip a strict vendor in 11 of 12 runs.) A request still
 * unanswered holds its slots until send + the longest an answer can take + the period: a process killed with
 * requests in flight leaves them counted that long, and its successor cannot burst into a window the vendor still
 * counts.
 */
public final class QuotaRule {
    /** The longest a caller sleeps before asking again: other processes take, answer and pause meanwhile. */
    static final long MAX_WAIT_MILLIS = 1_000;

    private QuotaRule() {
    }

    /**
     * How one limit's slots are held at the moment of asking.
     *
     * @param held    requests answered within the last period, plus unanswered ones sent within the last period +
     *                the longest answer time
     * @param freesAt when enough held slots free for one more request (epoch millis), or -1 when that waits on an
     *                answer to a request still in flight
     */
    public record LimitUse(Limit limit, long held, long freesAt) {
        boolean full() {
            return held >= limit.requests();
        }
    }

    /** 0: send now. Otherwise the milliseconds to wait before asking again (at most {@link #MAX_WAIT_MILLIS}). */
    public static long waitMillis(long now, long pausedUntil, List<LimitUse> uses) {
        long wait = 0;
        if (now < pausedUntil) {
            wait = pausedUntil - now;
        }
        for (LimitUse u : uses) {
            if (u.full()) {
                long w = u.freesAt() < 0 ? u.limit().periodMillis() : Math.max(1, u.freesAt() - now);
                wait = Math.max(wait, w);
            }
        }
        return Math.min(wait, MAX_WAIT_MILLIS);
    }
}
