package com.marketbars.ingest.providers;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** An answer's HTTP {@code Date} header (RFC 1123): the vendor's clock when it answered. */
public final class HttpDate {
    private HttpDate() {
    }

    /** The instant the header says, or null when it is absent or unreadable (then nothing is noted). */
    public static Instant parse(String date) {
        if (date == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
