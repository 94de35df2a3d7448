package com.marketbars.ingest.quota;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a vendor's answer says about its quota: {@code Retry-After} (delta-seconds, whole or with a fraction, or an
 * HTTP-date),
 * {@code X-RateLimit-Remaining: 0} with {@code X-RateLimit-Reset} (epoch seconds), and {@code X-RateLimit-Limit}.
 * Header names are matched without regard to case.
 * <p>
 * {@code X-RateLimit-Reset} is whole seconds, so the vendor's window reopens somewhere in the second before the one
 * it names. After a refusal (429) we wait to the end of that second. After an answer with nothing remaining we wait
 * only to its start: our own slots already hold every request of ours until its period after the answer, which is
 * past the vendor's true reset, so the pause only matters when something else spends the key - and waiting to the
 * end of the second would idle a 1-second quota for up to a second at every full window.
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
                resume = reset(h, now, 0).or(() -> Optional.of(now.plusSeconds(1)));
            }
        } else if ("0".equals(text(h.get("X-RateLimit-Remaining")))) {
            resume = reset(h, now, 1).filter(now::isBefore);
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
        if (v.matches("-?\\d*\\.\\d+|-?\\d+\\.")) {
            // delta-seconds with a fraction ("1.5"): not HTTP's grammar, but servers send it and the vendors' own clients
            // read it as a number (Alpaca's JS SDK: Number(retryAfter) * 1000); rounded up to the millisecond, never
            // resuming before the vendor said
            if (v.startsWith("-")) {
                return Optional.of(now);
            }
            BigDecimal seconds = new BigDecimal(v.startsWith(".") ? "0" + v : v);
            long millis = seconds.compareTo(BigDecimal.valueOf(3_600)) > 0 ? 3_600_000
                    : seconds.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
            return Optional.of(now.plusMillis(millis));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now.plusSeconds(3_600)) ? now.plusSeconds(3_600) : at);
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    /** @param earlierSeconds how much earlier than the header's second to resume (see the class comment) */
    private static Optional<Instant> reset(Map<String, Object> h, Instant now, long earlierSeconds) {
        try {
            String r = text(h.get("X-RateLimit-Reset"));
            if (r == null) {
                return Optional.empty();
            }
            long epochSeconds = Long.parseLong(r.trim()) - earlierSeconds;
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
