package dev.sluice.sdk.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parses the server's requested pause: {@code Retry-After} (seconds or HTTP date) or {@code X-Retry-After}. */
public final class RetryAfter {

    /** Never wait longer than this on a server's say-so: a bogus header must not park a client for days. */
    static final Duration MAX = Duration.ofMinutes(10);

    private RetryAfter() {}

    /** The larger of the two headers when both are present (TraceStax SDKs read only X-Retry-After). */
    public static Optional<Duration> from(Map<String, List<String>> headers, Instant now) {
        Optional<Duration> a = parse(first(headers, "retry-after"), now);
        Optional<Duration> b = parse(first(headers, "x-retry-after"), now);
        if (a.isPresent() && b.isPresent()) {
            return Optional.of(a.get().compareTo(b.get()) >= 0 ? a.get() : b.get());
        }
        return a.isPresent() ? a : b;
    }

    static Optional<Duration> parse(Optional<String> raw, Instant now) {
        if (raw.isEmpty() || raw.get().isBlank()) {
            return Optional.empty();
        }
        String v = raw.get().trim();
        try {
            double seconds = Double.parseDouble(v);
            if (seconds < 0 || Double.isNaN(seconds)) {
                return Optional.empty();
            }
            return Optional.of(min(Duration.ofMillis((long) Math.ceil(Math.min(seconds, 1e9) * 1000))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : min(d));
            } catch (DateTimeParseException garbage) {
                return Optional.empty();
            }
        }
    }

    private static Duration min(Duration d) {
        return d.compareTo(MAX) > 0 ? MAX : d;
    }

    static Optional<String> first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return Optional.ofNullable(e.getValue().get(0));
            }
        }
        return Optional.empty();
    }
}
