package com.marketbars.ingest.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that stands still until a test moves it. */
public final class SettableClock extends Clock {
    private volatile Instant instant;

    public SettableClock(Instant start) {
        this.instant = start;
    }

    public SettableClock(String start) {
        this(Instant.parse(start));
    }

    public void set(Instant t) {
        instant = t;
    }

    public void set(String t) {
        set(Instant.parse(t));
    }

    public void advance(Duration d) {
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
