package com.marketbars.ingest.dlq;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that stands still until a test moves it. */
final class SettableClock extends Clock {
    private volatile Instant instant;

    SettableClock(Instant start) {
        this.instant = start;
    }

    SettableClock(String start) {
        this(Instant.parse(start));
    }

    void set(Instant t) {
        instant = t;
    }

    void set(String t) {
        set(Instant.parse(t));
    }

    void advance(Duration d) {
        instant = instant.plus(d);
    }

    @Override
    public Instant instant() {
        return instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock stays in UTC");
    }
}
