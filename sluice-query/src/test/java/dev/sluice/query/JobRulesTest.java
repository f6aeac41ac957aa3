package dev.sluice.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The pure read-time rules: worker liveness on an injected clock, and nearest-rank percentiles. */
class JobRulesTest {

    @Test
    void liveness() {
        Clock fixed = Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);
        long now = fixed.millis();
        long beat = now - Duration.ofSeconds(90).toMillis();
        // Exactly three missed 30 s intervals is still online; one millisecond more is stale.
        assertThat(WorkerLiveness.status(beat, OptionalLong.empty(), now, 30, 3)).isEqualTo("online");
        assertThat(WorkerLiveness.status(beat - 1, OptionalLong.empty(), now, 30, 3)).isEqualTo("stale");
        assertThat(WorkerLiveness.status(now, OptionalLong.of(now), now, 30, 3)).isEqualTo("offline");
        assertThat(WorkerLiveness.status(beat - 1, OptionalLong.empty(), now, 60, 3)).isEqualTo("online");
    }

    @Test
    void nearestRankPercentiles() {
        double[] twenty = new double[20];
        for (int i = 0; i < 20; i++) {
            twenty[i] = 20 - i;
        }
        assertThat(Percentiles.nearestRank(twenty, 95).getAsDouble()).isEqualTo(19);
        assertThat(Percentiles.nearestRank(twenty, 50).getAsDouble()).isEqualTo(10);
        assertThat(Percentiles.nearestRank(new double[] {7}, 95).getAsDouble()).isEqualTo(7);
        assertThat(Percentiles.nearestRank(new double[0], 50)).isEmpty();
    }

    @Test
    void storedQueueListsDecode() {
        assertThat(JsonStrings.decodeArray("[]")).isEmpty();
        assertThat(JsonStrings.decodeArray("[\"a\",\"b\\\"c\",\"\\u00e9\\n\"]")).isEqualTo(List.of("a", "b\"c", "é\n"));
    }
}
