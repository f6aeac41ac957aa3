package dev.sluice.sdk;

import dev.sluice.sdk.internal.Accounting;
import dev.sluice.sdk.internal.Channel;
import dev.sluice.sdk.internal.SentryItem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Errors, transactions and LLM calls (Open Sentry). Capture is an enqueue of references and immutable
 * scope snapshots; stack frames and JSON are built on the sender thread. Never throws.
 *
 * <p>Context (tags, user, breadcrumbs) lives in {@link Scope}s: one global scope per client and one current
 * scope per thread; see {@link Scope} for the threading model. {@link #setTag}, {@link #setUser},
 * {@link #addBreadcrumb} and {@link #clearScope} act on the calling thread's current scope.
 *
 * <p>Client-side sampling follows the Open Sentry SDK: an error or message is dropped when a uniform random
 * number in [0,1) is at or above {@link SluiceBuilder#sampleRate}, a transaction likewise with
 * {@link SluiceBuilder#tracesSampleRate}; LLM generations are never sampled. Sampled-out items count as
 * {@link DropReason#SAMPLED} and are not reported to the {@link ErrorHandler}.
 */
public final class Errors {

    private final Channel<SentryItem> channel; // null when not configured
    private final Accounting books;
    private final Clock clock;
    private final double sampleRate;
    private final double tracesSampleRate;
    private final Scope global;
    private final ThreadLocal<Scope> current = new ThreadLocal<>();

    Errors(Channel<SentryItem> channel, Accounting books, Clock clock, int maxBreadcrumbs, double sampleRate,
           double tracesSampleRate) {
        this.channel = channel;
        this.books = books;
        this.clock = clock;
        this.sampleRate = sampleRate;
        this.tracesSampleRate = tracesSampleRate;
        // >100 would make the server answer 400
        this.global = new Scope(clock, Math.min(Math.max(maxBreadcrumbs, 0), 100));
    }

    /** Captures an exception at level {@link Level#ERROR}. */
    public void captureException(Throwable error) {
        captureException(error, Level.ERROR);
    }

    /** Captures an exception at the given level ({@code null}: error). */
    public void captureException(Throwable error, Level level) {
        captureException(error, level, Map.of());
    }

    /** With tags for this event only, added to the scope's tags. */
    public void captureException(Throwable error, Level level, Map<String, String> extraTags) {
        try {
            if (error == null) {
                books.refuse(DropReason.INVALID, "captureException(null)", "null");
                return;
            }
            if (sampledOut(sampleRate)) {
                return;
            }
            Context ctx = context();
            Map<String, String> t = ctx.tags;
            if (extraTags != null && !extraTags.isEmpty()) {
                Map<String, String> merged = new LinkedHashMap<>(t);
                extraTags.forEach((k, v) -> {
                    if (k != null && v != null) {
                        merged.put(k, v);
                    }
                });
                t = merged;
            }
            enqueue(new SentryItem.Error(error, null, level == null ? Level.ERROR : level, ctx.breadcrumbs, t,
                    ctx.user, clock.instant()));
        } catch (Throwable t) {
            books.refuse(DropReason.INTERNAL, "captureException failed: " + t, error);
        }
    }

    /** Captures a message ({@code null} level: info). */
    public void captureMessage(String message, Level level) {
        try {
            if (sampledOut(sampleRate)) {
                return;
            }
            Context ctx = context();
            enqueue(new SentryItem.Error(null, String.valueOf(message), level == null ? Level.INFO : level,
                    ctx.breadcrumbs, ctx.tags, ctx.user, clock.instant()));
        } catch (Throwable t) {
            books.refuse(DropReason.INTERNAL, "captureMessage failed: " + t, String.valueOf(message));
        }
    }

    /**
     * Starts a transaction; close it to record it. The sampling decision is taken here, so a sampled-out
     * transaction costs nothing but its timing.
     */
    public Transaction startTransaction(String name) {
        boolean keep = !sampledOut(tracesSampleRate);
        Consumer<SentryItem> sink = keep ? this::enqueue : item -> { };
        return new Transaction(name == null ? "unknown" : name, clock, context().tags, sink::accept);
    }

    /** Captures an LLM call (never sampled). */
    public void captureGeneration(Generation generation) {
        try {
            Context ctx = context();
            enqueue(new SentryItem.Gen(generation, ctx.tags, ctx.user, clock.instant()));
        } catch (Throwable t) {
            books.refuse(DropReason.INTERNAL, "captureGeneration failed: " + t, generation);
        }
    }

    /** Starts timing an LLM call; see {@link GenerationTimer}. */
    public GenerationTimer startGeneration(String provider, String model) {
        return new GenerationTimer(Generation.builder(provider, model), clock, this::captureGeneration);
    }

    // ------------------------------------------------------------------ scopes

    /** The scope shared by every thread of this client: what applies to the whole process (release, host). */
    public Scope globalScope() {
        return global;
    }

    /** The calling thread's current scope, created empty on first use. */
    public Scope scope() {
        Scope s = current.get();
        if (s == null) {
            s = new Scope(clock, global.maxBreadcrumbs());
            current.set(s);
        }
        return s;
    }

    /**
     * Gives the calling thread a fork of its current scope until the returned handle is closed, which
     * restores the previous scope. Use with try-with-resources; handles must be closed in reverse order.
     */
    public ScopeHandle pushScope() {
        Scope previous = current.get();
        Scope pushed = previous == null ? new Scope(clock, global.maxBreadcrumbs()) : previous.fork();
        current.set(pushed);
        return new ScopeHandle(pushed, () -> restore(previous));
    }

    /** Runs {@code body} with a fork of the current scope, discarded afterwards. Exceptions pass through. */
    public void withScope(Consumer<Scope> body) {
        try (ScopeHandle h = pushScope()) {
            body.accept(h.scope());
        }
    }

    /** A task that runs, on whatever thread, with a fork of the caller's current scope as it is now. */
    public Runnable wrap(Runnable task) {
        Scope captured = scope().fork();
        return () -> {
            Scope previous = current.get();
            current.set(captured.fork());
            try {
                task.run();
            } finally {
                restore(previous);
            }
        };
    }

    /** As {@link #wrap(Runnable)}, for a {@link Callable}. */
    public <V> Callable<V> wrap(Callable<V> task) {
        Scope captured = scope().fork();
        return () -> {
            Scope previous = current.get();
            current.set(captured.fork());
            try {
                return task.call();
            } finally {
                restore(previous);
            }
        };
    }

    /** {@link Scope#addBreadcrumb} on the calling thread's current scope. */
    public void addBreadcrumb(Breadcrumb crumb) {
        scope().addBreadcrumb(crumb);
    }

    /** {@link Scope#setTag} on the calling thread's current scope. */
    public void setTag(String key, @Nullable String value) {
        scope().setTag(key, value);
    }

    /** {@link Scope#setUser} on the calling thread's current scope. */
    public void setUser(@Nullable Map<String, String> user) {
        scope().setUser(user);
    }

    /** Clears the calling thread's current scope (the global scope is left alone). */
    public void clearScope() {
        scope().clear();
    }

    private void restore(Scope previous) {
        if (previous == null) {
            current.remove(); // pooled threads must not keep a request's scope alive
        } else {
            current.set(previous);
        }
    }

    /** The global scope overlaid by the thread's current one; no copying when either is empty. */
    private Context context() {
        Scope s = current.get();
        if (s == null) {
            return new Context(global.tags(), global.user(), global.breadcrumbs());
        }
        Map<String, String> gt = global.tags();
        Map<String, String> st = s.tags();
        Map<String, String> tags = gt.isEmpty() ? st : st.isEmpty() ? gt : overlay(gt, st);
        Map<String, String> user = s.user().isEmpty() ? global.user() : s.user();
        List<Breadcrumb> gb = global.breadcrumbs();
        List<Breadcrumb> sb = s.breadcrumbs();
        List<Breadcrumb> crumbs = gb.isEmpty() ? sb : sb.isEmpty() ? gb : newest(gb, sb, global.maxBreadcrumbs());
        return new Context(tags, user, crumbs);
    }

    private static Map<String, String> overlay(Map<String, String> base, Map<String, String> top) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.putAll(top);
        return m;
    }

    private static List<Breadcrumb> newest(List<Breadcrumb> a, List<Breadcrumb> b, int max) {
        List<Breadcrumb> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        all.sort(java.util.Comparator.comparing(c -> c.timestamp().orElse(java.time.Instant.EPOCH)));
        return List.copyOf(all.subList(Math.max(0, all.size() - max), all.size()));
    }

    private boolean sampledOut(double rate) {
        if (rate >= 1.0) {
            return false;
        }
        if (rate <= 0.0 || ThreadLocalRandom.current().nextDouble() >= rate) {
            books.sampled();
            return true;
        }
        return false;
    }

    private void enqueue(SentryItem item) {
        if (channel == null) {
            books.refuse(DropReason.NOT_CONFIGURED, "no Open Sentry key/DSN configured", item);
            return;
        }
        channel.offer(item);
    }

    private record Context(Map<String, String> tags, Map<String, String> user, List<Breadcrumb> breadcrumbs) {
    }
}
