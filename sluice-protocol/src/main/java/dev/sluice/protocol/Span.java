package dev.sluice.protocol;

import java.util.Optional;

/** A span inside a transaction. */
public record Span(String spanId, String op, Optional<String> description, double durationMs,
                   Optional<String> parentSpanId) {
}
