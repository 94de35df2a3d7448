package com.marketbars.ingest.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * A market that trades every minute of every day (crypto pairs): one session per UTC day, 00:00 to the next 00:00
 * UTC, 1,440 regular minutes, no extended hours, no holidays, for any date.
 */
public final class AlwaysOpenCalendar implements ExchangeCalendar {

    @Override
    public ZoneId zone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Optional<Session> session(LocalDate date) {
        Instant midnight = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant next = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Optional.of(new Session(date, midnight, midnight, next, next, false));
    }

    @Override
    public Optional<String> closedReason(LocalDate date) {
        return Optional.empty();
    }
}
