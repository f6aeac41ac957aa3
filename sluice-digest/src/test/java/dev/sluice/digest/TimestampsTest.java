package dev.sluice.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    private final Instant received = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void parsesIsoInstantsAndOffsets() {
        assertThat(Timestamps.occurredAt(Optional.of("2026-01-01T00:00:00.123Z"), received))
                .isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z").toEpochMilli());
        assertThat(Timestamps.occurredAt(Optional.of("2026-01-01T02:00:00+02:00"), received))
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void fallsBackToReceiveTimeWhenAbsentOrUnparsable() {
        assertThat(Timestamps.occurredAt(Optional.empty(), received)).isEqualTo(received.toEpochMilli());
        assertThat(Timestamps.occurredAt(Optional.of("yesterday"), received)).isEqualTo(received.toEpochMilli());
    }
}
