package dev.sluice.sdk;

import java.util.Locale;

/** Open Sentry event level. */
public enum Level {
    /** The process cannot go on. */
    FATAL,
    /** An operation failed (the default of {@code captureException}). */
    ERROR,
    /** Something unexpected that did not fail. */
    WARNING,
    /** Informational (the default of {@code captureMessage}). */
    INFO,
    /** Diagnostic detail. */
    DEBUG;

    /** The lower-case name on the wire. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
