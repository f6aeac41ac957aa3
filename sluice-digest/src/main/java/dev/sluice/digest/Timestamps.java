package dev.sluice.digest;

import dev.sluice.protocol.Rfc3339;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** When an item happened: the client's ISO-8601 timestamp when it parses, else the time it was received. */
final class Timestamps {

    private Timestamps() {
    }

    static long occurredAt(Optional<String> raw, Instant receivedAt) {
        if (raw.isEmpty()) {
            return receivedAt.toEpochMilli();
        }
        String text = raw.get().trim();
        try {
            return Rfc3339.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException ignored) {
                return receivedAt.toEpochMilli();
            }
        }
    }
}
