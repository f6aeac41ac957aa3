package dev.sluice.sdk;

import dev.sluice.sdk.internal.Accounting;
import dev.sluice.sdk.internal.Channel;
import dev.sluice.sdk.internal.DropReports;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The Sluice client: tasks (Tailpoint), analytics (Pug), errors/traces/LLM calls (Open Sentry) and jobs
 * (TraceStax) over their original wire protocols, so it also talks to any compatible server.
 *
 * <p>Capture calls never throw and never block: they validate cheaply, enqueue and return. One daemon
 * sender thread per configured family batches, sends, retries (bounded, with backoff and a circuit breaker)
 * and reports every drop to {@link SluiceBuilder#onError}. {@link #close()} drains with a deadline.
 *
 * <pre>{@code
 * Sluice sluice = Sluice.builder().endpoint("http://127.0.0.1:3001")
 *         .tailpointKey("trk_live_…").openSentryKey("os_…").build();
 * sluice.captureException(e);
 * }</pre>
 */
public final class Sluice implements AutoCloseable {

    private static final AtomicReference<Sluice> GLOBAL = new AtomicReference<>();

    private final SluiceConfig config;
    private final Map<Family, Accounting> books;
    private final DropReports reports;
    private final Map<Family, List<Channel<?>>> channels;
    private final Tasks tasks;
    private final Errors errors;
    private final Analytics analytics;
    private final Jobs jobs;
    private volatile boolean closed;
    private volatile Thread shutdownHook;

    Sluice(SluiceConfig config, Map<Family, Accounting> books, DropReports reports,
           Map<Family, List<Channel<?>>> channels, Tasks tasks, Errors errors, Analytics analytics, Jobs jobs) {
        this.config = config;
        this.books = books;
        this.reports = reports;
        this.channels = channels;
        this.tasks = tasks;
        this.errors = errors;
        this.analytics = analytics;
        this.jobs = jobs;
    }

    /** A builder; see {@link SluiceBuilder} for every option and its default. */
    public static SluiceBuilder builder() {
        return new SluiceBuilder();
    }

    /** Builds a client and makes it the global one ({@link #global()}), closing any previous global client. */
    public static Sluice init(Consumer<SluiceBuilder> configure) {
        SluiceBuilder b = builder();
        configure.accept(b);
        Sluice s = b.build();
        Sluice previous = GLOBAL.getAndSet(s);
        if (previous != null) {
            previous.close();
        }
        return s;
    }

    /** The client set by {@link #init}, if any. */
    public static Optional<Sluice> global() {
        return Optional.ofNullable(GLOBAL.get());
    }

    // ------------------------------------------------------------------ families

    /** Tasks (Tailpoint). */
    public Tasks tasks() {
        return tasks;
    }

    /** Errors, transactions, LLM calls and their scopes (Open Sentry). */
    public Errors errors() {
        return errors;
    }

    /** Product analytics, profiles and insights (Pug). */
    public Analytics analytics() {
        return analytics;
    }

    /** Background jobs, workers and queues (TraceStax). */
    public Jobs jobs() {
        return jobs;
    }

    // ------------------------------------------------------------------ shortcuts for the common calls

    /** {@link Tasks#capture}. */
    public CompletionStage<TaskOutcome> capture(Task task) {
        return tasks.capture(task);
    }

    /** {@link Tasks#captureError(Throwable, ErrorOptions)}. */
    public CompletionStage<TaskOutcome> captureError(Throwable error, ErrorOptions options) {
        return tasks.captureError(error, options);
    }

    /** {@link Analytics#track(String, String, Map, TrackOptions)}. */
    public void track(String distinctId, String kind, Map<String, ?> props, TrackOptions options) {
        analytics.track(distinctId, kind, props, options);
    }

    /** {@link Analytics#track(String, String)}: an event without properties. */
    public void track(String distinctId, String kind) {
        analytics.track(distinctId, kind);
    }

    /** {@link Analytics#track(String, String, Map)}. */
    public void track(String distinctId, String kind, Map<String, ?> props) {
        analytics.track(distinctId, kind, props);
    }

    /** {@link Analytics#identify}. */
    public CompletionStage<Boolean> identify(String externalId, Map<String, ?> traits, IdentifyOptions options) {
        return analytics.identify(externalId, traits, options);
    }

    /** {@link Errors#captureException(Throwable)}. */
    public void captureException(Throwable error) {
        errors.captureException(error);
    }

    /** {@link Errors#startTransaction}. */
    public Transaction startTransaction(String name) {
        return errors.startTransaction(name);
    }

    /** {@link Errors#captureGeneration}. */
    public void captureGeneration(Generation generation) {
        errors.captureGeneration(generation);
    }

    /** Installs an uncaught-exception handler that captures, then chains to the previous handler. */
    public Thread.UncaughtExceptionHandler installUncaughtExceptionHandler() {
        return UncaughtHandler.install(this);
    }

    // ------------------------------------------------------------------ lifecycle

    /** Sends everything captured so far; true when all of it settled (delivered or reported) in time. */
    public boolean flush(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (Channel<?> c : all()) {
            all &= c.flush(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
        }
        return reports.awaitIdle(Duration.ofNanos(Math.max(0, end - System.nanoTime()))) && all;
    }

    /** {@link #close(Duration)} with the configured close timeout (5 s by default). */
    @Override
    public void close() {
        close(config.closeTimeout());
    }

    /**
     * Drains in phases: stop accepting, send everything queued (retrying only within the deadline), then
     * report whatever is left as {@link DropReason#UNDELIVERED_AT_CLOSE}.
     *
     * @return the number of items dropped while closing, for any reason — left over at the deadline, refused
     *         as captured after close began, out of retries during the drain — the same items the counters in
     *         {@link #stats()} and the {@link SluiceBuilder#onError} callback report; 0 when already closed
     */
    public int close(Duration timeout) {
        if (closed) {
            return 0;
        }
        closed = true;
        long droppedBefore = droppedTotal();
        GLOBAL.compareAndSet(this, null);
        Thread hook = shutdownHook;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs anyway; close() is idempotent
            }
        }
        // at most a fifth of the budget, so the queued items keep most of it
        jobs.stop(timeout.dividedBy(5));
        long deadline = config.clock().millis() + timeout.toMillis();
        all().forEach(c -> c.beginClose(deadline));
        long end = System.nanoTime() + timeout.toNanos();
        for (Channel<?> c : all()) {
            c.awaitDrained(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
        }
        for (Channel<?> c : all()) {
            c.abandon();
        }
        config.closeTransport();
        // the reports of the leftovers run on the reporter thread: let them finish, briefly, before counting
        reports.awaitIdle(Duration.ofSeconds(1));
        return (int) Math.min(Integer.MAX_VALUE, droppedTotal() - droppedBefore);
    }

    private long droppedTotal() {
        return books.values().stream().mapToLong(Accounting::droppedTotal).sum();
    }

    void registerShutdownHook() {
        Thread hook = new Thread(this::close, "sluice-shutdown");
        shutdownHook = hook;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether the family has credentials (calls to the others are dropped as NOT_CONFIGURED). */
    public boolean isConfigured(Family f) {
        return !channels.getOrDefault(f, List.of()).isEmpty();
    }

    private List<Channel<?>> all() {
        return channels.values().stream().flatMap(List::stream).toList();
    }

    /** Counters per family. */
    public Stats stats() {
        Map<Family, Stats.FamilyStats> m = new EnumMap<>(Family.class);
        books.forEach((f, b) -> {
            List<Channel<?>> cs = channels.getOrDefault(f, List.of());
            m.put(f, new Stats.FamilyStats(b.accepted(), b.deliveredCount(), b.droppedCounts(),
                    cs.stream().mapToLong(Channel::queued).sum(),
                    cs.isEmpty() ? "closed" : cs.get(0).breaker().state().name().toLowerCase(java.util.Locale.ROOT)));
        });
        return new Stats(m);
    }
}
