package com.marketbars.ingest.quota;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a vendor's answer says about its quota: {@code Retry-After} (delta-seconds or an HTTP-date),
 * {@code X-RateLimit-Remaining: 0} with {@code X-RateLimit-Reset} (epoch seconds), and {@code X-RateLimit-Limit}.
 * Header names are matched without regard to case.
 */
public record RateLimitHints(Optional<Instant> resumeAt, Optional<Integer> limit) {

    public static RateLimitHints from(Map<String, ?> headers, int status, Instant now) {
        Map<String, Object> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> {
            if (k != null && v != null) {
                h.put(k, v);
            }
        });
        Optional<Instant> resume = Optional.empty();
        if (status == 429 || status == 503) {
            resume = retryAfter(text(h.get("Retry-After")), now);
            if (resume.isEmpty() && status == 429) {
                resume = reset(h, now).or(() -> Optional.of(now.plusSeconds(1)));
            }
        } else if ("0".equals(text(h.get("X-RateLimit-Remaining")))) {
            resume = reset(h, now);
        }
        Optional<Integer> limit = Optional.empty();
        try {
            String l = text(h.get("X-RateLimit-Limit"));
            if (l != null) {
                limit = Optional.of(Integer.parseInt(l.trim()));
            }
        } catch (NumberFormatException ignored) {
            // a vendor header we cannot read changes nothing
        }
        return new RateLimitHints(resume, limit);
    }

    static Optional<Instant> retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.matches("-?\\d+")) {
            // delta-seconds; negative means now, and a number too large for a long is simply "very long"
            long seconds = v.startsWith("-") ? 0 : v.length() > 18 ? 3_600 : Math.min(Long.parseLong(v), 3_600);
            return Optional.of(now.plus(Duration.ofSeconds(seconds)));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now.plusSeconds(3_600)) ? now.plusSeconds(3_600) : at);
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> reset(Map<String, Object> h, Instant now) {
        try {
            String r = text(h.get("X-RateLimit-Reset"));
            if (r == null) {
                return Optional.empty();
            }
            long epochSeconds = Long.parseLong(r.trim());
            Instant cap = now.plusSeconds(3_600);
            return Optional.of(epochSeconds > cap.getEpochSecond() ? cap : Instant.ofEpochSecond(epochSeconds));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String text(Object v) {
        if (v instanceof Iterable<?> it) {
            var i = it.iterator();
            return i.hasNext() ? String.valueOf(i.next()) : null;
        }
        return v == null ? null : String.valueOf(v);
    }
}
