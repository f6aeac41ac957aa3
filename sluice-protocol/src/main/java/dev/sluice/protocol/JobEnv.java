package dev.sluice.protocol;

import java.util.Locale;

/** The isolated data spaces of job telemetry: {@code live} keys and {@code test} keys never see each other. */
public enum JobEnv {
    LIVE,
    TEST;

    /** The lower-case name stored and used in query strings. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
