package com.marketbars.ingest.ratelimit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaWindowTest {
    static final long S = 1_000_000_000L;

    @Test
    void allowsTheLimitAtOnceThenWaitsForASlotToFree() {
        QuotaWindow q = new QuotaWindow(3, 10 * S, 10);
        assertThat(q.tryAcquire(0)).isZero();
        assertThat(q.tryAcquire(0)).isZero();
        assertThat(q.tryAcquire(0)).isZero();
        assertThat(q.tryAcquire(0)).as("all slots held by requests in flight").isEqualTo(QuotaWindow.WAIT_FOR_RELEASE);

        q.release(2 * S);

        assertThat(q.tryAcquire(2 * S)).as("a slot frees one period after the answer, not after the send").isEqualTo(10 * S);
        assertThat(q.tryAcquire(12 * S - 1)).isEqualTo(1);
        assertThat(q.tryAcquire(12 * S)).isZero();
    }

    @Test
    void capsRequestsInFlight() {
        QuotaWindow q = new QuotaWindow(100, S, 2);
        q.tryAcquire(0);
        q.tryAcquire(0);
        assertThat(q.tryAcquire(0)).isEqualTo(QuotaWindow.WAIT_FOR_RELEASE);
        q.release(5);
        assertThat(q.tryAcquire(5)).isZero();
        assertThat(q.inFlight()).isEqualTo(2);
    }

    @Test
    void aPauseHoldsEveryRequestUntilItEnds() {
        QuotaWindow q = new QuotaWindow(100, S, 10);
        q.pauseUntil(7 * S);
        assertThat(q.tryAcquire(2 * S)).isEqualTo(5 * S);
        assertThat(q.available(2 * S)).isZero();
        q.pauseUntil(3 * S);   // a shorter pause does not shorten the longer one
        assertThat(q.tryAcquire(7 * S)).isZero();
    }

    @Test
    void aLowerVendorLimitIsAdoptedAndAHigherOneIgnored() {
        QuotaWindow q = new QuotaWindow(10, S, 10);
        q.lowerLimit(4);
        q.lowerLimit(50);
        assertThat(q.limit()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(q.tryAcquire(0)).isZero();
        }
        assertThat(q.tryAcquire(0)).isNotZero();
    }

    @Test
    void slotsOccupiedByAPreviousProcessAreBusyUntilTheyFree() {
        QuotaWindow q = new QuotaWindow(2, 60 * S, 10);
        q.occupyUntil(30 * S, 2);
        assertThat(q.available(0)).isZero();
        assertThat(q.tryAcquire(0)).isEqualTo(30 * S);
        assertThat(q.available(30 * S)).isEqualTo(2);
    }

    /**
     * The property that matters: a strict sliding-window vendor, counting each request at a random instant between
     * its send and its answer, never sees more than the limit in any window - under random latency and jitter.
     */
    @Test
    void aStrictSlidingWindowVendorNeverCountsMoreThanTheLimit() {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int limit = 1 + r.nextInt(10);
            long period = (1 + r.nextInt(5)) * S;
            QuotaWindow q = new QuotaWindow(limit, period, 1 + r.nextInt(8));
            PriorityQueue<long[]> inFlight = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
            List<Long> vendorSaw = new ArrayList<>();
            long now = 0;
            for (int sent = 0; sent < 400; ) {
                long wait = q.tryAcquire(now);
                if (wait == 0) {
                    long latency = r.nextLong(2 * S);                       // 0-2 s, wildly jittery
                    long answeredAt = now + latency;
                    vendorSaw.add(now + (latency == 0 ? 0 : r.nextLong(latency + 1)));
                    inFlight.add(new long[] {answeredAt});
                    sent++;
                    continue;
                }
                long next = inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.peek()[0];
                if (wait != QuotaWindow.WAIT_FOR_RELEASE) {
                    next = Math.min(next, now + wait);
                }
                now = next;
                while (!inFlight.isEmpty() && inFlight.peek()[0] <= now) {
                    q.release(inFlight.poll()[0]);
                }
            }
            vendorSaw.sort(null);
            for (int i = 0; i + limit < vendorSaw.size(); i++) {
                assertThat(vendorSaw.get(i + limit) - vendorSaw.get(i))
                        .as("seed %d: %d+1 requests inside one window of %d ns", seed, limit, period)
                        .isGreaterThanOrEqualTo(period);
            }
        }
    }

    @Test
    void aBurstAllowanceSpacesTheRestOfTheQuotaEvenly() {
        QuotaWindow q = new QuotaWindow(10, 10 * S, 10, 3);   // 10 per 10 s, at most 3 back to back
        assertThat(q.tryAcquire(0)).isZero();
        assertThat(q.tryAcquire(0)).isZero();
        assertThat(q.tryAcquire(0)).isZero();
        assertThat(q.tryAcquire(0)).as("the fourth waits for one token: period / limit").isEqualTo(S);
        assertThat(q.tryAcquire(S)).isZero();
        assertThat(q.tryAcquire(S)).isEqualTo(S);
    }

    @Test
    void withoutABurstAllowanceTheWholeQuotaMayStartAtOnce() {
        QuotaWindow q = new QuotaWindow(10, 10 * S, 10);
        for (int i = 0; i < 10; i++) {
            assertThat(q.tryAcquire(0)).isZero();
        }
    }
}
