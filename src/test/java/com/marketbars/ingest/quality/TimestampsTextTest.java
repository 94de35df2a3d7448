package com.marketbars.ingest.quality;

import com.marketbars.ingest.model.Timestamps;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store and the simulator write a bar's time without the general formatter ({@link Timestamps#text}): it must be
 * the text {@code Instant.toString()} gives, so that stored times keep sorting as times and match what was stored before.
 */
class TimestampsTextTest {

    @Test
    void a_whole_second_is_written_as_to_string_writes_it() {
        for (String t : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2026-11-16T14:30:00Z",
                "2024-02-29T23:59:07Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0001-03-01T00:01:00Z"}) {
            assertThat(Timestamps.text(Instant.parse(t))).isEqualTo(t);
        }
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_300_000_000L, 253_500_000_000L));
            assertThat(Timestamps.text(t)).isEqualTo(t.toString());
        }
    }

    @Test
    void any_other_instant_is_written_by_to_string() {
        for (Instant t : new Instant[] {Instant.parse("2026-11-16T14:30:00.5Z"), Instant.parse("2026-11-16T14:30:00.000000001Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:00Z")}) {
            assertThat(Timestamps.text(t)).isEqualTo(t.toString());
        }
    }
}
