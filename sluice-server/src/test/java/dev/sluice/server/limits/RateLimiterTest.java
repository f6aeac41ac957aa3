package dev.sluice.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void allowsTheBurstThenRefillsAtTheSustainedRate() {
        FakeClock clock = FakeClock.atMillis(1_000_000);
        RateLimiter limiter = RateLimiter.create(clock);
        RateLimiter.Limit limit = RateLimiter.Limit.perMinute(100);
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.acquire("k", limit)).isInstanceOf(RateLimiter.Allowed.class);
        }
        RateLimiter.Decision over = limiter.acquire("k", limit);
        assertThat(over).isEqualTo(new RateLimiter.Limited(1));
        clock.advanceMs(600); // one token per 600 ms
        assertThat(limiter.acquire("k", limit)).isInstanceOf(RateLimiter.Allowed.class);
        assertThat(limiter.acquire("k", limit)).isInstanceOf(RateLimiter.Limited.class);
    }

    @Test
    void retryAfterCoversTheWaitForOneToken() {
        FakeClock clock = FakeClock.atMillis(1_000_000);
        RateLimiter limiter = RateLimiter.create(clock);
        RateLimiter.Limit slow = new RateLimiter.Limit(2, Duration.ofMinutes(1));
        limiter.acquire("k", slow);
        limiter.acquire("k", slow);
        assertThat(limiter.acquire("k", slow)).isEqualTo(new RateLimiter.Limited(30));
    }

    @Test
    void bucketsAreIndependent() {
        RateLimiter limiter = RateLimiter.create(FakeClock.atMillis(1_000_000));
        RateLimiter.Limit one = RateLimiter.Limit.perMinute(1);
        assertThat(limiter.acquire("noisy", one)).isInstanceOf(RateLimiter.Allowed.class);
        assertThat(limiter.acquire("noisy", one)).isInstanceOf(RateLimiter.Limited.class);
        assertThat(limiter.acquire("quiet", one)).isInstanceOf(RateLimiter.Allowed.class);
    }
}
