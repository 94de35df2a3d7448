package com.marketbars.ingest.quota;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class RateLimitHintsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T04:30:00Z");
    private static final long HOUR = 3_600;

    @Test
    void retryAfterInDeltaSecondsOn429ResumesThatManySecondsLater() {
        RateLimitHints hints = RateLimitHints.from(Map.of("Retry-After", "30"), 429, NOW);

        assertThat(hints.resumeAt()).contains(NOW.plusSeconds(30));
        assertThat(hints.limit()).isEmpty();
    }

    @Test
    void retryAfterWithAFractionOfASecondIsHonouredRoundedUpToTheMillisecond() {
        // servers send "1.5"; Alpaca's JS SDK reads it as Number("1.5") * 1000 ms (src/core/runtime.ts, src/errors.ts of
        // @alpacahq/alpaca-trade-api 4.0.2). Before this, a fraction matched neither form and the 429 fell back to 1 s.
        assertThat(RateLimitHints.from(Map.of("Retry-After", "1.5"), 429, NOW).resumeAt()).contains(NOW.plusMillis(1_500));
        assertThat(RateLimitHints.from(Map.of("Retry-After", "2.5"), 503, NOW).resumeAt()).contains(NOW.plusMillis(2_500));
        assertThat(RateLimitHints.from(Map.of("Retry-After", "0.0001"), 429, NOW).resumeAt()).contains(NOW.plusMillis(1));
        assertThat(RateLimitHints.from(Map.of("Retry-After", "0.7341"), 429, NOW).resumeAt()).contains(NOW.plusMillis(735));
        assertThat(RateLimitHints.from(Map.of("Retry-After", ".25"), 429, NOW).resumeAt()).contains(NOW.plusMillis(250));
        assertThat(RateLimitHints.from(Map.of("Retry-After", "-1.5"), 429, NOW).resumeAt()).contains(NOW);
        assertThat(RateLimitHints.from(Map.of("Retry-After", "86400.5"), 429, NOW).resumeAt()).contains(NOW.plusSeconds(HOUR));
        // the fraction wins over the reset header, as whole seconds do
        assertThat(RateLimitHints.from(Map.of("Retry-After", "1.5",
                "X-RateLimit-Reset", Long.toString(NOW.plusSeconds(42).getEpochSecond())), 429, NOW).resumeAt())
                .contains(NOW.plusMillis(1_500));
    }

    @Test
    void retryAfterAsHttpDateResumesAtThatInstant() {
        RateLimitHints hints = RateLimitHints.from(Map.of("Retry-After", "Wed, 25 Nov 2026 04:31:00 GMT"), 429, NOW);

        assertThat(hints.resumeAt()).contains(Instant.parse("2026-11-25T04:31:00Z"));
    }

    @Test
    void absurdRetryAfterSecondsAreCappedAtOneHour() {
        assertThat(RateLimitHints.from(Map.of("Retry-After", "86400"), 429, NOW).resumeAt())
                .contains(NOW.plusSeconds(HOUR));
    }

    @Test
    void absurdRetryAfterDateIsCappedAtOneHour() {
        assertThat(RateLimitHints.from(Map.of("Retry-After", "Thu, 25 Nov 2027 04:31:00 GMT"), 429, NOW).resumeAt())
                .contains(NOW.plusSeconds(HOUR));
    }

    @Test
    void absurdResetIsCappedAtOneHour() {
        long nextYear = NOW.plusSeconds(365L * 24 * HOUR).getEpochSecond();
        RateLimitHints hints = RateLimitHints.from(
                Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", Long.toString(nextYear)), 200, NOW);

        assertThat(hints.resumeAt()).contains(NOW.plusSeconds(HOUR));
    }

    @Test
    void negativeRetryAfterMeansNoWait() {
        assertThat(RateLimitHints.from(Map.of("Retry-After", "-5"), 429, NOW).resumeAt()).contains(NOW);
    }

    @Test
    void a429WithoutRetryAfterUsesTheResetTime() {
        Instant reset = NOW.plusSeconds(42);
        RateLimitHints hints = RateLimitHints.from(
                Map.of("X-RateLimit-Reset", Long.toString(reset.getEpochSecond())), 429, NOW);

        assertThat(hints.resumeAt()).contains(reset);
    }

    @Test
    void retryAfterWinsOverResetOn429() {
        RateLimitHints hints = RateLimitHints.from(Map.of("Retry-After", "5",
                "X-RateLimit-Reset", Long.toString(NOW.plusSeconds(42).getEpochSecond())), 429, NOW);

        assertThat(hints.resumeAt()).contains(NOW.plusSeconds(5));
    }

    @Test
    void a429WithNeitherHeaderWaitsOneSecond() {
        assertThat(RateLimitHints.from(Map.of(), 429, NOW).resumeAt()).contains(NOW.plusSeconds(1));
    }

    @Test
    void a200WithNothingRemainingPausesUntilTheStartOfTheResetsSecond() {
        Instant reset = NOW.plusSeconds(17);
        RateLimitHints hints = RateLimitHints.from(Map.of("X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", Long.toString(reset.getEpochSecond())), 200, NOW);

        assertThat(hints.resumeAt()).contains(reset.minusSeconds(1));
    }

    @Test
    void a200WithNothingRemainingAndAResetWithinTheSecondDoesNotPause() {
        RateLimitHints hints = RateLimitHints.from(Map.of("X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", Long.toString(NOW.plusSeconds(1).getEpochSecond())), 200, NOW);

        assertThat(hints.resumeAt()).isEmpty();
    }

    @Test
    void a429WithOnlyAResetWaitsToTheEndOfItsSecond() {
        Instant reset = NOW.plusSeconds(17);
        RateLimitHints hints = RateLimitHints.from(Map.of("X-RateLimit-Reset", Long.toString(reset.getEpochSecond())), 429, NOW);

        assertThat(hints.resumeAt()).contains(reset);
    }

    @Test
    void a200WithRequestsRemainingDoesNotPause() {
        RateLimitHints hints = RateLimitHints.from(Map.of("X-RateLimit-Remaining", "3",
                "X-RateLimit-Reset", Long.toString(NOW.plusSeconds(17).getEpochSecond())), 200, NOW);

        assertThat(hints.resumeAt()).isEmpty();
    }

    @Test
    void a200WithNothingRemainingButNoResetDoesNotPause() {
        assertThat(RateLimitHints.from(Map.of("X-RateLimit-Remaining", "0"), 200, NOW).resumeAt()).isEmpty();
    }

    @Test
    void a200RetryAfterIsIgnored() {
        assertThat(RateLimitHints.from(Map.of("Retry-After", "30"), 200, NOW).resumeAt()).isEmpty();
    }

    @Test
    void limitIsParsed() {
        RateLimitHints hints = RateLimitHints.from(Map.of("X-RateLimit-Limit", " 200 "), 200, NOW);

        assertThat(hints.limit()).contains(200);
        assertThat(hints.resumeAt()).isEmpty();
    }

    @Test
    void headerNamesAreMatchedWithoutRegardToCase() {
        RateLimitHints hints = RateLimitHints.from(Map.of("retry-after", "7", "x-ratelimit-limit", "150"), 429, NOW);

        assertThat(hints.resumeAt()).contains(NOW.plusSeconds(7));
        assertThat(hints.limit()).contains(150);

        Instant reset = NOW.plusSeconds(9);
        assertThat(RateLimitHints.from(Map.of("X-RATELIMIT-REMAINING", "0",
                "x-RateLimit-reset", Long.toString(reset.getEpochSecond())), 200, NOW).resumeAt()).contains(reset.minusSeconds(1));
    }

    @Test
    void multiValuedHeadersGivenAsListsAreRead() {
        Instant reset = NOW.plusSeconds(11);
        RateLimitHints hints = RateLimitHints.from(Map.of(
                "X-RateLimit-Remaining", List.of("0"),
                "X-RateLimit-Reset", List.of(Long.toString(reset.getEpochSecond())),
                "X-RateLimit-Limit", List.of("150", "200")), 200, NOW);

        assertThat(hints.resumeAt()).contains(reset.minusSeconds(1));
        assertThat(hints.limit()).contains(150);
        assertThat(RateLimitHints.from(Map.of("Retry-After", List.of("5", "9")), 429, NOW).resumeAt())
                .contains(NOW.plusSeconds(5));
    }

    @Test
    void emptyListValuesAreIgnored() {
        RateLimitHints hints = RateLimitHints.from(Map.of("Retry-After", List.of(), "X-RateLimit-Limit", List.of()),
                503, NOW);

        assertThat(hints.resumeAt()).isEmpty();
        assertThat(hints.limit()).isEmpty();
    }

    @Test
    void garbageValuesAreIgnored() {
        Map<String, Object> garbage = Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "soon",
                "X-RateLimit-Limit", "lots", "Retry-After", "whenever");

        assertThatCode(() -> RateLimitHints.from(garbage, 200, NOW)).doesNotThrowAnyException();
        RateLimitHints ok = RateLimitHints.from(garbage, 200, NOW);
        assertThat(ok.resumeAt()).isEmpty();
        assertThat(ok.limit()).isEmpty();

        RateLimitHints unavailable = RateLimitHints.from(garbage, 503, NOW);
        assertThat(unavailable.resumeAt()).isEmpty();
        assertThat(unavailable.limit()).isEmpty();

        // a 429 still pauses, by the default second, when nothing in it can be read
        assertThat(RateLimitHints.from(garbage, 429, NOW).resumeAt()).contains(NOW.plusSeconds(1));
    }

    @Test
    void outOfRangeResetIsIgnoredWithoutException() {
        Map<String, Object> headers = Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "99999999999999999");

        assertThatCode(() -> RateLimitHints.from(headers, 200, NOW)).doesNotThrowAnyException();
        assertThatCode(() -> RateLimitHints.from(headers, 429, NOW)).doesNotThrowAnyException();
    }

    @Test
    void overflowingRetryAfterSecondsAreCappedAtOneHour() {
        assertThat(RateLimitHints.from(Map.of("Retry-After", "99999999999999999999"), 429, NOW).resumeAt())
                .contains(NOW.plusSeconds(HOUR));
    }

    @Test
    void a503WithRetryAfterPausesToo() {
        assertThat(RateLimitHints.from(Map.of("Retry-After", "20"), 503, NOW).resumeAt()).contains(NOW.plusSeconds(20));
        assertThat(RateLimitHints.from(Map.of("Retry-After", "Wed, 25 Nov 2026 04:31:00 GMT"), 503, NOW).resumeAt())
                .contains(Instant.parse("2026-11-25T04:31:00Z"));
    }

    @Test
    void a503WithoutRetryAfterDoesNotPause() {
        assertThat(RateLimitHints.from(Map.of(), 503, NOW).resumeAt()).isEmpty();
    }
}
