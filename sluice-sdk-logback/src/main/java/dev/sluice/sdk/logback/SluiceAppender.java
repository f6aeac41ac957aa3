package dev.sluice.sdk.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import dev.sluice.sdk.ErrorOptions;
import dev.sluice.sdk.Sluice;
import java.util.Optional;

/**
 * Turns ERROR log events that carry a throwable into {@code captureError} (a Tailpoint task, deduplicated by
 * the exception's stable key). Other events are ignored. Uses {@link Sluice#global()} unless given a client.
 *
 * <pre>{@code
 * <appender name="SLUICE" class="dev.sluice.sdk.logback.SluiceAppender"/>
 * }</pre>
 */
public final class SluiceAppender extends AppenderBase<ILoggingEvent> {

    /** Guards against a capture that itself logs an error on this thread. */
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private final Sluice sluice; // null: use the global client

    public SluiceAppender() {
        this.sluice = null;
    }

    public SluiceAppender(Sluice sluice) {
        this.sluice = sluice;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.ERROR) || INSIDE.get()) {
            return;
        }
        IThrowableProxy proxy = event.getThrowableProxy();
        if (!(proxy instanceof ThrowableProxy tp) || tp.getThrowable() == null) {
            return;
        }
        Optional<Sluice> target = sluice != null ? Optional.of(sluice) : Sluice.global();
        if (target.isEmpty()) {
            return;
        }
        INSIDE.set(true);
        try {
            target.get().tasks().captureError(tp.getThrowable(), ErrorOptions.builder()
                    .metadata("logger", event.getLoggerName())
                    .metadata("logMessage", event.getFormattedMessage())
                    .metadata("thread", event.getThreadName()).build());
        } catch (Throwable ignored) { // an appender must never break logging
        } finally {
            INSIDE.set(false);
        }
    }
}
