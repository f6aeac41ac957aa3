package dev.sluice.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.FakeClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TtlCacheTest {

    private final FakeClock clock = FakeClock.atMillis(1_000);

    @Test
    void loadsOncePerTtlAndAgainAfterInvalidate() {
        AtomicInteger loads = new AtomicInteger();
        TtlCache<String, Integer> cache = TtlCache.create(clock, Duration.ofSeconds(1), k -> loads.incrementAndGet());
        assertThat(cache.get("a")).isEqualTo(1);
        clock.advanceMs(1_000);
        assertThat(cache.get("a")).isEqualTo(1);
        assertThat(loads).hasValue(1);
        clock.advanceMs(1);
        assertThat(cache.get("a")).isEqualTo(2);
        cache.invalidate("a");
        assertThat(cache.get("a")).isEqualTo(3);
        assertThat(cache.get("b")).isEqualTo(4);
    }
}
