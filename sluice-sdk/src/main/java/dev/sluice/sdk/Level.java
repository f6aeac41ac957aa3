package dev.sluice.sdk;

import java.util.Locale;

/** Open Sentry event level. */
public enum Level {
    FATAL, ERROR, WARNING, INFO, DEBUG;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
