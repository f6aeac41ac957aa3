package dev.sluice.query;

import java.util.Optional;

/** A stored log record. */
public record LogView(String id, long occurredAt, int severityNumber, String severityText, String body,
                      Optional<String> traceId, Optional<String> spanId, Optional<String> service,
                      Optional<String> environment, Optional<String> release, String attributesJson) {
}
