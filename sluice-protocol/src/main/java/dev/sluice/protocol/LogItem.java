package dev.sluice.protocol;

import java.util.Optional;

/**
 * One log record (OTLP logs).
 *
 * @param severityNumber OpenTelemetry's severity number (1–24; 0 unspecified): 9 info, 13 warn, 17 error
 * @param attributesJson the record's and its resource's attributes as a JSON object of strings
 */
public record LogItem(
        Optional<String> timestamp,
        int severityNumber,
        String severityText,
        String body,
        Optional<String> traceId,
        Optional<String> spanId,
        Optional<String> service,
        Optional<String> environment,
        Optional<String> release,
        String attributesJson) implements Item {

    /** Log records carry no client identity; a resent export stores its records again. */
    @Override
    public Optional<String> dedupeKey() {
        return Optional.empty();
    }
}
