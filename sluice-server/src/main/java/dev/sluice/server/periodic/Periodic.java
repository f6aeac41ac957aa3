package dev.sluice.server.periodic;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One background task run again and again on its own named daemon thread, {@code every} after the end of the
 * previous run (a slow run never piles up behind itself). Each run is handed the injected clock's now (epoch
 * millis), so the task and its tests agree on what "now" is. A run that throws is logged and the next one still
 * comes: a background job that stops silently after one bad row is worse than one that complains every period.
 * {@link #close()} interrupts a run in progress and waits for it to end.
 */
public final class Periodic implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);
    /** How long {@link #close()} waits for a run in progress to notice its interrupt. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final String name;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    private Periodic(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name(name).unstarted(r));
    }

    /** Runs {@code task} on a daemon thread named {@code name}, first after {@code first}, then every {@code every}. */
    public static Periodic start(String name, Clock clock, Duration first, Duration every, LongConsumer task) {
        Periodic p = new Periodic(name, clock);
        p.timer.scheduleWithFixedDelay(() -> p.runLogged(task), first.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
        return p;
    }

    /** Also runs {@code task} once, after {@code after}, on the same thread (so never alongside a periodic run). */
    public Periodic once(Duration after, LongConsumer task) {
        timer.schedule(() -> runLogged(task), after.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void runLogged(LongConsumer task) {
        try {
            task.accept(clock.millis());
        } catch (RuntimeException e) {
            // Swallowed on purpose: a scheduled executor cancels every later run of a task that throws.
            LOG.warn("event=periodic_error task={} error=\"{}\"", name, e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("event=periodic_close_timeout task={}", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
