package dev.sluice.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TtlCacheTest {

    private long now = 1_000;
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }
    };

    @Test
    void loadsOncePerTtlAndAgainAfterInvalidate() {
        AtomicInteger loads = new AtomicInteger();
        TtlCache<String, Integer> cache = TtlCache.create(clock, Duration.ofSeconds(1), k -> loads.incrementAndGet());
        assertThat(cache.get("a")).isEqualTo(1);
        now += 1_000;
        assertThat(cache.get("a")).isEqualTo(1);
        assertThat(loads).hasValue(1);
        now += 1;
        assertThat(cache.get("a")).isEqualTo(2);
        cache.invalidate("a");
        assertThat(cache.get("a")).isEqualTo(3);
        assertThat(cache.get("b")).isEqualTo(4);
    }
}
