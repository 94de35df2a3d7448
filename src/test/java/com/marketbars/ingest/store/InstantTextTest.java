package com.marketbars.ingest.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link InstantText} writes what {@link Instant#toString()} does, for every instant, fast path or not. */
class InstantTextTest {

    @Test
    void writes_the_text_of_instant_to_string_at_bounds_and_for_random_instants() {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2026-11-30T23:59:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2028-02-29T12:00:00Z"), Instant.parse("1969-12-31T23:59:59Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59Z"), Instant.parse("0999-03-01T00:00:00Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("2026-11-24T14:30:00.001Z"), Instant.parse("2026-11-24T14:30:00.000001Z"), Instant.MIN, Instant.MAX));
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 200_000; i++) {
            long second = random.nextLong(Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond(), Instant.parse("+10100-01-01T00:00:00Z").getEpochSecond());
            instants.add(Instant.ofEpochSecond(second, i % 10 == 0 ? random.nextInt(1_000_000_000) : 0));
        }

        for (Instant t : instants) {
            assertThat(new String(InstantText.ascii(t), StandardCharsets.US_ASCII)).as("%s", t).isEqualTo(t.toString());
        }
    }
}
