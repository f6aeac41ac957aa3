package dev.sluice.sdk.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JDK platform logging (no SLF4J dependency), rate-limited per message key: a dead server or a flood of
 * invalid events must not turn into a flood of log lines on the application's threads.
 */
public final class SdkLog {

    private static final System.Logger LOG = System.getLogger("dev.sluice.sdk");
    private static final long INTERVAL_NANOS = 10_000_000_000L;
    private static final ConcurrentHashMap<String, Long> LAST = new ConcurrentHashMap<>();

    private SdkLog() {}

    /** Logs {@code message} at WARNING unless the same key was logged in the last 10 s. */
    public static void warn(String key, String message) {
        warn(key, () -> message);
    }

    /** As {@link #warn(String, String)}, building the message only when it will be logged. */
    public static void warn(String key, java.util.function.Supplier<String> message) {
        long now = System.nanoTime();
        Long last = LAST.get(key);
        if (last != null && now - last < INTERVAL_NANOS) {
            return;
        }
        LAST.put(key, now);
        LOG.log(Level.WARNING, "[Sluice SDK] " + message.get());
    }

    public static void warn(String key, String message, Throwable t) {
        long now = System.nanoTime();
        Long last = LAST.get(key);
        if (last != null && now - last < INTERVAL_NANOS) {
            return;
        }
        LAST.put(key, now);
        LOG.log(Level.WARNING, "[Sluice SDK] " + message, t);
    }
}
