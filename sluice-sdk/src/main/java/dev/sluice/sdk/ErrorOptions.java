package dev.sluice.sdk;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Options for {@link Tasks#captureError}: anything not given is derived from the exception (title
 * {@code Type: message}, the stack trace as description, a stable dedupe key).
 */
public record ErrorOptions(Optional<String> title, Optional<Severity> severity, Optional<String> dedupeKey,
                           Map<String, Object> metadata) {

    /** Copies {@code metadata}. */
    public ErrorOptions {
        metadata = Map.copyOf(metadata);
    }

    /** Everything derived from the exception. */
    public static ErrorOptions defaults() {
        return new ErrorOptions(Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    /** A builder; unset options are derived from the exception. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ErrorOptions}. */
    public static final class Builder {
        private String title;
        private Severity severity;
        private String dedupeKey;
        private final Map<String, Object> metadata = new LinkedHashMap<>();

        private Builder() {
        }

        /** The task title (default {@code Type: message}). */
        public Builder title(String v) { title = v; return this; }
        /** The severity (default: the project's). */
        public Builder severity(Severity v) { severity = v; return this; }
        /** The dedupe key (default: derived from the exception type and throwing frame). */
        public Builder dedupeKey(String v) { dedupeKey = v; return this; }
        /** Adds one metadata entry; {@code null} keys or values are skipped. */
        public Builder metadata(String k, Object v) { if (k != null && v != null) { metadata.put(k, v); } return this; }

        /** The options. */
        public ErrorOptions build() {
            return new ErrorOptions(Optional.ofNullable(title), Optional.ofNullable(severity),
                    Optional.ofNullable(dedupeKey), metadata);
        }
    }
}
