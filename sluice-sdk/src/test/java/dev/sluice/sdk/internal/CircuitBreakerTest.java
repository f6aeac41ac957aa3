package dev.sluice.sdk.internal;

import dev.sluice.testing.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final FakeClock clock = new FakeClock();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30));

    @Test
    void opensAfterThresholdThenAdmitsOneProbe() {
        for (int i = 0; i < 2; i++) {
            breaker.onFailure(clock.instant());
        }
        assertThat(breaker.allow(clock.instant())).isTrue();
        breaker.onFailure(clock.instant());
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allow(clock.instant())).isFalse();
        assertThat(breaker.waitTime(clock.instant())).isEqualTo(Duration.ofSeconds(1)); // first interval is short

        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.allow(clock.instant())).isTrue();   // the probe
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.allow(clock.instant())).isFalse();  // only one
    }

    @Test
    void failedProbeReopensSuccessfulProbeCloses() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure(clock.instant());
        }
        clock.advance(Duration.ofSeconds(30));
        breaker.allow(clock.instant());
        breaker.onFailure(clock.instant());
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allow(clock.instant())).isFalse();

        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.allow(clock.instant())).isTrue();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.allow(clock.instant())).isTrue();
    }
}
