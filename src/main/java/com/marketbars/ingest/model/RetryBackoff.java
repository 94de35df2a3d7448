package com.marketbars.ingest.model;

import java.time.Duration;

/**
 * When a DLQ row is due again: {@code initial} after it is recorded, then {@code initial * multiplier^n} after
 * its n-th failed replay (1, 2, 4 ... minutes by default), never more than {@code max}; after
 * {@code maxRetries} failed replays the row is parked for a human.
 */
public record RetryBackoff(Duration initial, double multiplier, Duration max, int maxRetries) {

    public RetryBackoff {
        if (initial.isNegative() || multiplier < 1 || max.compareTo(initial) < 0 || maxRetries < 0) {
            throw new IllegalArgumentException("retry backoff needs initial >= 0, multiplier >= 1, max >= initial, max retries >= 0");
        }
    }

    /** @param retries failed replays so far (0 for a row just recorded) */
    public Duration delay(int retries) {
        double millis = initial.toMillis() * Math.pow(multiplier, retries);
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }

    public boolean exhausted(int retries) {
        return retries >= maxRetries;
    }
}
