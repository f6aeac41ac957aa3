package dev.sluice.protocol;

import java.util.Optional;

/** The error of a failed job attempt; the message may be absent (Java sends {@code null}). */
public record JobError(String type, Optional<String> message, Optional<String> stackTrace) {
}
