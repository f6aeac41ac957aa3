package dev.sluice.protocol;

import java.util.Optional;

/**
 * One log record (OTLP logs).
 *
 * @param severityNumber OpenTelemetry's severity number (1–24; 0 unspecified): 9 info, 13 warn, 17 error
 * @param attributesJson the record's and its resource's attributes as a JSON object of strings
 * @param resendKey the identity of the envelope item it came from, when a resend of the same envelope can be
 *     told apart from new data (see the Sentry adapter); the digest stores an item with a key at most once
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
        String attributesJson,
        Optional<String> resendKey) implements Item {

    /** A record without a resend identity (OTLP: a resent export stores its records again). */
    public LogItem(Optional<String> timestamp, int severityNumber, String severityText, String body,
                   Optional<String> traceId, Optional<String> spanId, Optional<String> service,
                   Optional<String> environment, Optional<String> release, String attributesJson) {
        this(timestamp, severityNumber, severityText, body, traceId, spanId, service, environment, release,
                attributesJson, Optional.empty());
    }

    /** A record with a resend identity (Sentry log envelopes) is stored once. */
    @Override
    public Optional<String> dedupeKey() {
        return resendKey;
    }
}
