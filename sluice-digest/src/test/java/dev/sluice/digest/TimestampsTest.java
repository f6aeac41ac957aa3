package dev.sluice.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.protocol.Rfc3339;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
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

    @Test
    void fastPathAnswersExactlyWhatInstantParseAnswers() {
        List<String> valid = List.of("2026-11-30T19:38:30Z", "2026-11-30T19:38:30.395Z", "2026-11-30T19:38:30.1Z",
                "2026-11-30T19:38:30.123456789Z", "2026-11-30T19:38:30.000001+00:00", "2024-02-29T23:59:59.999Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                "2026-11-30t19:38:30z", "2026-11-30T21:38:30+02:00",
                "2016-12-31T23:59:60Z", "2026-11-30T24:00:00Z", "2026-11-30T19:38:30.Z");
        for (String s : valid) {
            assertThat(Rfc3339.parse(s)).as(s).isEqualTo(Instant.parse(s));
        }
        List<String> invalid = List.of("2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-11-30T19:60:00Z", "2026-11-30T19:38:30.1234567891Z", "2026-11-30T19:38:30", "2026-11-30T19:38:30ZZ",
                "2026-11-30 19:38:30Z", "2026-1a-30T19:38:30Z", "2026-11-30T19:38:30+00:0",
                "");
        for (String s : invalid) {
            assertThatThrownBy(() -> Instant.parse(s)).as(s).isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> Rfc3339.parse(s)).as(s).isInstanceOf(DateTimeParseException.class);
        }
    }
}
