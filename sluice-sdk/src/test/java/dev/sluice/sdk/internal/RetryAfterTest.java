package dev.sluice.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void secondsDatesAndGarbage() {
        assertThat(RetryAfter.parse(Optional.of("3"), NOW)).contains(Duration.ofSeconds(3));
        assertThat(RetryAfter.parse(Optional.of("1.5"), NOW)).contains(Duration.ofMillis(1500));
        assertThat(RetryAfter.parse(Optional.of("Thu, 01 Jan 2026 00:00:10 GMT"), NOW)).contains(Duration.ofSeconds(10));
        assertThat(RetryAfter.parse(Optional.of("soon"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of("-1"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of("999999999"), NOW)).contains(RetryAfter.MAX);
    }

    @Test
    void bothHeadersCaseInsensitiveLargerWins() {
        Map<String, List<String>> h = Map.of("retry-after", List.of("2"), "X-Retry-After", List.of("5"));
        assertThat(RetryAfter.from(h, NOW)).contains(Duration.ofSeconds(5));
        assertThat(RetryAfter.from(Map.of("X-RETRY-AFTER", List.of("4")), NOW)).contains(Duration.ofSeconds(4));
        assertThat(RetryAfter.from(Map.of(), NOW)).isEmpty();
    }
}
