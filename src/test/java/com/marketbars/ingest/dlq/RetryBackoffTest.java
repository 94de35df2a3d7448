package com.marketbars.ingest.dlq;

import com.marketbars.ingest.model.RetryBackoff;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryBackoffTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void the_delay_doubles_from_the_initial_one_one_two_four_minutes() {
        RetryBackoff backoff = new RetryBackoff(MINUTE, 2, Duration.ofHours(6), 10);

        assertThat(backoff.delay(0)).isEqualTo(Duration.ofMinutes(1));
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMinutes(2));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofMinutes(4));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofMinutes(8));
        assertThat(backoff.delay(8)).isEqualTo(Duration.ofMinutes(256));
    }

    @Test
    void the_delay_never_exceeds_the_max() {
        RetryBackoff backoff = new RetryBackoff(MINUTE, 2, Duration.ofMinutes(5), 10);

        assertThat(backoff.delay(2)).isEqualTo(Duration.ofMinutes(4));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.delay(10_000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void a_multiplier_of_one_keeps_the_delay_constant() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(30), 1, Duration.ofHours(1), 3);

        assertThat(backoff.delay(0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(7)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void a_fractional_multiplier_grows_the_delay_by_that_factor() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(10), 1.5, Duration.ofHours(1), 5);

        assertThat(backoff.delay(1)).isEqualTo(Duration.ofSeconds(15));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(22_500));
    }

    @Test
    void it_is_exhausted_once_the_failed_replays_reach_max_retries() {
        RetryBackoff backoff = new RetryBackoff(MINUTE, 2, Duration.ofHours(6), 3);

        assertThat(backoff.exhausted(0)).isFalse();
        assertThat(backoff.exhausted(2)).isFalse();
        assertThat(backoff.exhausted(3)).isTrue();
        assertThat(backoff.exhausted(4)).isTrue();
    }

    @Test
    void zero_max_retries_is_exhausted_from_the_start() {
        assertThat(new RetryBackoff(MINUTE, 2, MINUTE, 0).exhausted(0)).isTrue();
    }

    @Test
    void an_initial_delay_equal_to_the_max_is_allowed() {
        assertThat(new RetryBackoff(MINUTE, 2, MINUTE, 1).delay(0)).isEqualTo(MINUTE);
    }

    @Test
    void a_zero_initial_delay_stays_zero() {
        RetryBackoff backoff = new RetryBackoff(Duration.ZERO, 2, MINUTE, 3);

        assertThat(backoff.delay(0)).isZero();
        assertThat(backoff.delay(5)).isZero();
    }

    @Test
    void the_constructor_rejects_a_negative_initial_delay() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(-1), 2, MINUTE, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_constructor_rejects_a_multiplier_below_one() {
        assertThatThrownBy(() -> new RetryBackoff(MINUTE, 0.5, Duration.ofHours(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryBackoff(MINUTE, 0, Duration.ofHours(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_constructor_rejects_a_max_below_the_initial_delay() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofMinutes(2), 2, MINUTE, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max >= initial");
    }

    @Test
    void the_constructor_rejects_negative_max_retries() {
        assertThatThrownBy(() -> new RetryBackoff(MINUTE, 2, MINUTE, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
