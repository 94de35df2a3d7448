package com.marketbars.ingest.quality;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** RFC-3339 timestamps, with a fast path for the form vendors send on every bar: {@code 2026-11-24T14:30:00Z}. */
public final class Timestamps {
    private Timestamps() {
    }

    /** @throws DateTimeParseException when the text is not an RFC-3339 timestamp */
    public static Instant parse(String t) {
        if (t.length() == 20 && t.charAt(4) == '-' && t.charAt(7) == '-' && t.charAt(10) == 'T' && t.charAt(13) == ':'
                && t.charAt(16) == ':' && t.charAt(19) == 'Z') {
            int year = digits(t, 0, 4);
            int month = digits(t, 5, 2);
            int day = digits(t, 8, 2);
            int hour = digits(t, 11, 2);
            int minute = digits(t, 14, 2);
            int second = digits(t, 17, 2);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59) {
                try {
                    long days = java.time.LocalDate.of(year, month, day).toEpochDay();
                    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second);
                } catch (java.time.DateTimeException invalidDate) {
                    throw new DateTimeParseException(invalidDate.getMessage(), t, 0);
                }
            }
        }
        return OffsetDateTime.parse(t).toInstant();
    }

    /** The value of {@code len} ASCII digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
