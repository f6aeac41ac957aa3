package dev.sluice.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.FakeClock;
import java.time.Duration;
import java.util.Optional;
import dev.sluice.server.auth.Credential;
import dev.sluice.server.auth.KeyKind;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void aColdFloodGetsTheLimitNotTwiceTheLimitInItsFirstMinute() {
        FakeClock clock = FakeClock.atMillis(1_000_000);
        RateLimiter limiter = RateLimiter.create(clock);
        RateLimiter.Limit limit = RateLimiter.Limit.perMinute(100);
        int allowed = 0;
        // One request every 100 ms for a minute: 600 attempts. A full bucket with a greedy refill let 100 + 99
        // of them through; an interval refill lets exactly the limit through.
        for (int i = 0; i < 600; i++) {
            if (limiter.acquire("k", limit) instanceof RateLimiter.Allowed) {
                allowed++;
            }
            clock.advanceMs(100);
        }
        assertThat(allowed).isEqualTo(100);
        // The next minute brings the next 100.
        assertThat(limiter.acquire("k", limit)).isInstanceOf(RateLimiter.Allowed.class);
    }

    @Test
    void retryAfterCoversTheWaitUntilTheRefill() {
        FakeClock clock = FakeClock.atMillis(1_000_000);
        RateLimiter limiter = RateLimiter.create(clock);
        RateLimiter.Limit slow = new RateLimiter.Limit(2, Duration.ofMinutes(1));
        limiter.acquire("k", slow);
        limiter.acquire("k", slow);
        clock.advanceMs(30_000);
        assertThat(limiter.acquire("k", slow)).isEqualTo(new RateLimiter.Limited(30));
        clock.advanceMs(29_500);
        assertThat(limiter.acquire("k", slow)).isEqualTo(new RateLimiter.Limited(1));
        clock.advanceMs(500);
        assertThat(limiter.acquire("k", slow)).isInstanceOf(RateLimiter.Allowed.class);
    }

    @Test
    void admitChecksTheKeyThenTheProject() {
        RateLimiter limiter = RateLimiter.create(FakeClock.atMillis(1_000_000));
        dev.sluice.protocol.ProjectId p = new dev.sluice.protocol.ProjectId("p");
        Credential a = new Credential("a", p, KeyKind.OPENSENTRY);
        Credential b = new Credential("b", p, KeyKind.OPENSENTRY);
        Optional<RateLimiter.Limit> key = Optional.of(RateLimiter.Limit.perMinute(2));
        Optional<RateLimiter.Limit> project = Optional.of(RateLimiter.Limit.perMinute(3));
        assertThat(limiter.admit(a, key, project)).isInstanceOf(RateLimiter.Allowed.class);
        assertThat(limiter.admit(a, key, project)).isInstanceOf(RateLimiter.Allowed.class);
        assertThat(limiter.admit(a, key, project)).as("key a spent").isInstanceOf(RateLimiter.Limited.class);
        assertThat(limiter.admit(b, key, project)).as("third of the project").isInstanceOf(RateLimiter.Allowed.class);
        assertThat(limiter.admit(b, key, project)).as("project spent").isInstanceOf(RateLimiter.Limited.class);
        assertThat(limiter.admit(b, Optional.empty(), Optional.empty())).as("no limits")
                .isInstanceOf(RateLimiter.Allowed.class);
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
