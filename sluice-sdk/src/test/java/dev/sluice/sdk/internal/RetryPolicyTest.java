package dev.sluice.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sdk.DropReason;
import dev.sluice.sdk.internal.RetryPolicy.Decision;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofMinutes(2));

    private Decision decide(int status, int attempts) {
        return policy.decide(status, attempts, Duration.ZERO, Optional.empty(), 0.5);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204})
    void successIsDone(int status) {
        assertThat(decide(status, 1)).isInstanceOf(Decision.Done.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 408, 429, 500, 502, 503, 504, 599})
    void transientFailuresRetry(int status) {
        assertThat(decide(status, 1)).isInstanceOf(Decision.Retry.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 402, 403, 404, 409, 422, 501, 505})
    void permanentFailuresAreDeadLetteredAtOnce(int status) {
        assertThat(decide(status, 1)).isEqualTo(new Decision.GiveUp(DropReason.REJECTED));
    }

    @Test
    void payloadTooLargeHasItsOwnReason() {
        assertThat(decide(413, 1)).isEqualTo(new Decision.GiveUp(DropReason.TOO_LARGE));
    }

    @Test
    void backoffDoublesWithEqualJitterUpToTheCap() {
        // jitter 0 → half the exponential step; jitter ~1 → the whole step
        assertThat(policy.backoff(1, 0)).isEqualTo(Duration.ofMillis(250));
        assertThat(policy.backoff(2, 0)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.backoff(3, 0)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.backoff(3, 0.999999)).isBetween(Duration.ofMillis(1999), Duration.ofMillis(2000));
        assertThat(policy.backoff(20, 0.5)).isEqualTo(Duration.ofMillis(22_500));
        assertThat(policy.backoff(200, 0)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void attemptsAreCapped() {
        assertThat(decide(503, 4)).isInstanceOf(Decision.Retry.class);
        assertThat(decide(503, 5)).isEqualTo(new Decision.GiveUp(DropReason.RETRIES_EXHAUSTED));
    }

    @Test
    void totalTimeIsCapped() {
        Decision d = policy.decide(503, 1, Duration.ofMillis(119_900), Optional.empty(), 0.5);
        assertThat(d).isEqualTo(new Decision.GiveUp(DropReason.RETRIES_EXHAUSTED));
    }

    @Test
    void retryAfterWinsOverBackoff() {
        Decision d = policy.decide(429, 1, Duration.ZERO, Optional.of(Duration.ofSeconds(7)), 0.5);
        assertThat(d).isEqualTo(new Decision.Retry(Duration.ofSeconds(7)));
    }

    @Test
    void retryAfterBeyondTheTotalCapGivesUp() {
        Decision d = policy.decide(429, 1, Duration.ofSeconds(100), Optional.of(Duration.ofSeconds(30)), 0.5);
        assertThat(d).isEqualTo(new Decision.GiveUp(DropReason.RETRIES_EXHAUSTED));
    }
}
