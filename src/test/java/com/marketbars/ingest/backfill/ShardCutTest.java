package com.marketbars.ingest.backfill;

import com.marketbars.ingest.support.Plans;
import com.marketbars.ingest.model.FeedPlan;
import com.marketbars.ingest.model.Timeframe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Shards fall on the window grid, so sharding a backfill adds no window; their symbols are at most the limit given. */
class ShardCutTest {
    private static final FeedPlan DAY_WINDOWS = Plans.plan(Timeframe.ONE_MINUTE, Duration.ofDays(1), Duration.ofMinutes(2), 50, 10_000);

    private static List<String> symbols(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("S" + i);
        }
        return out;
    }

    @Test
    void symbolGroupsHoldTheLimitAndTimeBoundsAreOnTheWindowGrid() {
        Instant from = Instant.parse("2026-11-02T14:30:00Z");   // mid-window: the first shard ends on the grid
        Instant to = Instant.parse("2026-11-09T00:00:00Z");
        List<Shard> shards = ShardCut.cut(7, DAY_WINDOWS, symbols(130), from, to, 120, Duration.ofDays(3).plusHours(5));

        // 3 days 5 h rounded to whole day windows: 3 days, counted from the grid
        assertThat(shards).extracting(s -> s.symbols().size() + " " + s.from() + " " + s.to()).containsExactly(
                "120 2026-11-02T14:30:00Z 2026-11-05T00:00:00Z", "10 2026-11-02T14:30:00Z 2026-11-05T00:00:00Z",
                "120 2026-11-05T00:00:00Z 2026-11-08T00:00:00Z", "10 2026-11-05T00:00:00Z 2026-11-08T00:00:00Z",
                "120 2026-11-08T00:00:00Z 2026-11-09T00:00:00Z", "10 2026-11-08T00:00:00Z 2026-11-09T00:00:00Z");
        assertThat(shards).extracting(Shard::number).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(shards).allSatisfy(s -> assertThat(s.jobId()).isEqualTo(7));
    }

    @Test
    void aLimitBelowOneWindowStillMakesWholeOnes() {
        List<Shard> shards = ShardCut.cut(1, DAY_WINDOWS, symbols(25), Instant.parse("2026-11-02T00:00:00Z"),
                Instant.parse("2026-11-04T00:00:00Z"), 10, Duration.ofHours(1));
        assertThat(shards).extracting(s -> s.symbols().size()).containsExactly(10, 10, 5, 10, 10, 5);
        assertThat(shards.get(0).to()).isEqualTo(Instant.parse("2026-11-03T00:00:00Z"));
    }
}
