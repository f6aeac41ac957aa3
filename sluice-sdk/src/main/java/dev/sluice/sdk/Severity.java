package dev.sluice.sdk;

import java.util.Locale;

/** Tailpoint task severity (ingestion-level triage, separate from priority). */
public enum Severity {
    /** Can wait. */
    LOW,
    /** Should be looked at. */
    MEDIUM,
    /** Needs attention soon. */
    HIGH,
    /** Needs attention now. */
    CRITICAL;

    /** The wire spelling. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
