package dev.sluice.sdk;

import java.util.Locale;

/** Tailpoint task severity (ingestion-level triage, separate from priority). */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** The wire spelling. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
