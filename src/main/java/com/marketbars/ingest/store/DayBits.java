package com.marketbars.ingest.store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.BitSet;

/**
 * The bar intervals of one UTC day on a timeframe's grid as bits: interval i starts at midnight + i x bar length
 * (1,440 a day for minute bars, 24 for hour bars, 1 for day bars). Stored as bytes, bit i in byte i / 8 at bit i % 8,
 * least significant first ({@link BitSet#toByteArray()}'s order); trailing zero bytes are not kept.
 */
public final class DayBits {
    private DayBits() {
    }

    /** The UTC day a bar interval starting at {@code t} lies in. */
    public static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    /** The index of the interval starting at {@code t} within its UTC day. */
    public static int index(Instant t, Duration barLength) {
        long sinceMidnight = Math.floorMod(t.toEpochMilli(), Duration.ofDays(1).toMillis());
        return Math.toIntExact(sinceMidnight / barLength.toMillis());
    }

    /** The start of interval {@code index} of the day. */
    public static Instant start(LocalDate day, int index, Duration barLength) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(barLength.multipliedBy(index));
    }

    public static BitSet of(byte[] stored) {
        return stored == null ? new BitSet() : BitSet.valueOf(stored);
    }

    public static byte[] bytes(BitSet bits) {
        return bits.toByteArray();
    }
}
