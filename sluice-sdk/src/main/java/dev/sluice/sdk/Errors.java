package dev.sluice.sdk;

import dev.sluice.sdk.internal.Accounting;
import dev.sluice.sdk.internal.Channel;
import dev.sluice.sdk.internal.SentryItem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Errors, transactions and LLM calls (Open Sentry). Capture is an enqueue of references and immutable
 * scope snapshots; stack frames and JSON are built on the sender thread. Never throws.
 */
public final class Errors {

    private final Channel<SentryItem> channel; // null when not configured
    private final Accounting books;
    private final Clock clock;
    private final int maxBreadcrumbs;
    // copy-on-write snapshots: capture reads one volatile reference, never copies
    private volatile List<Breadcrumb> breadcrumbs = List.of();
    private volatile Map<String, String> tags = Map.of();
    private volatile Map<String, String> user = Map.of();

    Errors(Channel<SentryItem> channel, Accounting books, Clock clock, int maxBreadcrumbs) {
        this.channel = channel;
        this.books = books;
        this.clock = clock;
        this.maxBreadcrumbs = Math.min(Math.max(maxBreadcrumbs, 0), 100); // >100 would make the server answer 400
    }

    public void captureException(Throwable error) {
        captureException(error, Level.ERROR);
    }

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
            Map<String, String> t = tags;
            if (extraTags != null && !extraTags.isEmpty()) {
                Map<String, String> merged = new LinkedHashMap<>(t);
                extraTags.forEach((k, v) -> {
                    if (k != null && v != null) {
                        merged.put(k, v);
                    }
                });
                t = merged;
            }
            enqueue(new SentryItem.Error(error, null, level == null ? Level.ERROR : level, breadcrumbs, t, user,
                    clock.instant()));
        } catch (Throwable t) {
            books.refuse(DropReason.INTERNAL, "captureException failed: " + t, error);
        }
    }

    public void captureMessage(String message, Level level) {
        try {
            enqueue(new SentryItem.Error(null, String.valueOf(message), level == null ? Level.INFO : level,
                    breadcrumbs, tags, user, clock.instant()));
        } catch (Throwable t) {
            books.refuse(DropReason.INTERNAL, "captureMessage failed: " + t, String.valueOf(message));
        }
    }

    /** Starts a transaction; close it to record it. */
    public Transaction startTransaction(String name) {
        return new Transaction(name == null ? "unknown" : name, clock, tags, this::enqueue);
    }

    public void captureGeneration(Generation generation) {
        try {
            enqueue(new SentryItem.Gen(generation, tags, user, clock.instant()));
        } catch (Throwable t) {
            books.refuse(DropReason.INTERNAL, "captureGeneration failed: " + t, generation);
        }
    }

    /** Starts timing an LLM call; see {@link GenerationTimer}. */
    public GenerationTimer startGeneration(String provider, String model) {
        return new GenerationTimer(Generation.builder(provider, model), clock, this::captureGeneration);
    }

    public synchronized void addBreadcrumb(Breadcrumb crumb) {
        if (crumb == null || maxBreadcrumbs == 0) {
            return;
        }
        Breadcrumb stamped = crumb.timestamp().isPresent() ? crumb
                : new Breadcrumb(crumb.category(), crumb.message(), crumb.level(),
                        java.util.Optional.of(clock.instant()), crumb.data());
        List<Breadcrumb> next = new ArrayList<>(breadcrumbs);
        next.add(stamped);
        while (next.size() > maxBreadcrumbs) {
            next.remove(0);
        }
        breadcrumbs = List.copyOf(next);
    }

    public synchronized void setTag(String key, String value) {
        if (key == null) {
            return;
        }
        Map<String, String> next = new LinkedHashMap<>(tags);
        if (value == null) {
            next.remove(key);
        } else {
            next.put(key, value);
        }
        tags = Map.copyOf(next);
    }

    /** Sets the user ({@code id}, {@code email}, {@code username}, {@code ip_address}, …); empty clears it. */
    public synchronized void setUser(Map<String, String> user) {
        Map<String, String> next = new LinkedHashMap<>();
        user.forEach((k, v) -> {
            if (k != null && v != null) {
                next.put(k, v);
            }
        });
        this.user = Map.copyOf(next);
    }

    public synchronized void clearScope() {
        breadcrumbs = List.of();
        tags = Map.of();
        user = Map.of();
    }

    private void enqueue(SentryItem item) {
        if (channel == null) {
            books.refuse(DropReason.NOT_CONFIGURED, "no Open Sentry key/DSN configured", item);
            return;
        }
        channel.offer(item);
    }
}
