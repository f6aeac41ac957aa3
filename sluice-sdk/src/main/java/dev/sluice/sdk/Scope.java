package dev.sluice.sdk;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The context attached to errors, messages, transactions and LLM calls: tags, the user and a ring of
 * breadcrumbs.
 *
 * <h2>Threading model</h2>
 * A client has one <em>global</em> scope ({@link Errors#globalScope()}), shared by every thread, and each thread
 * has its own <em>current</em> scope ({@link Errors#scope()}), created empty on first use. A captured event
 * carries the global scope overlaid by the current one (current tags win, the current user wins when set,
 * breadcrumbs of both in order, the newest {@code maxBreadcrumbs} kept). {@link Errors#pushScope()} and
 * {@link Errors#withScope} give a block of code a fork of the current scope that is discarded afterwards — the
 * servlet filter does this for every request, so concurrent requests never see each other's user or
 * breadcrumbs. {@link Errors#wrap(Runnable)} carries a fork of the caller's scope to another thread; the
 * executor from {@link Jobs#decorate} does this for every task.
 *
 * <p>A scope is safe to use from several threads (writes are serialised; capture reads immutable snapshots
 * without locking), but it is meant to be written by the thread that owns it.
 */
public final class Scope {

    private final Clock clock;
    private final int maxBreadcrumbs;
    // copy-on-write snapshots: capture reads one volatile reference, never copies
    private volatile List<Breadcrumb> breadcrumbs;
    private volatile Map<String, String> tags;
    private volatile Map<String, String> user;

    Scope(Clock clock, int maxBreadcrumbs) {
        this(clock, maxBreadcrumbs, List.of(), Map.of(), Map.of());
    }

    private Scope(Clock clock, int maxBreadcrumbs, List<Breadcrumb> breadcrumbs, Map<String, String> tags,
                  Map<String, String> user) {
        this.clock = clock;
        this.maxBreadcrumbs = maxBreadcrumbs;
        this.breadcrumbs = breadcrumbs;
        this.tags = tags;
        this.user = user;
    }

    /** A copy: later changes to either scope do not affect the other. */
    public Scope fork() {
        return new Scope(clock, maxBreadcrumbs, breadcrumbs, tags, user);
    }

    /** Sets a tag; a {@code null} value removes it; a {@code null} key is ignored. */
    public synchronized void setTag(String key, @Nullable String value) {
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

    /**
     * Sets the user ({@code id}, {@code email}, {@code username}, {@code ip_address}, …); an empty or
     * {@code null} map clears it. Entries with a {@code null} key or value are skipped.
     */
    public synchronized void setUser(@Nullable Map<String, String> user) {
        Map<String, String> next = new LinkedHashMap<>();
        if (user != null) {
            user.forEach((k, v) -> {
                if (k != null && v != null) {
                    next.put(k, v);
                }
            });
        }
        this.user = Map.copyOf(next);
    }

    /** Appends a breadcrumb (stamped with the client's clock when it has no time); the oldest fall off. */
    public synchronized void addBreadcrumb(Breadcrumb crumb) {
        if (crumb == null || maxBreadcrumbs == 0) {
            return;
        }
        Breadcrumb stamped = crumb.timestamp().isPresent() ? crumb
                : new Breadcrumb(crumb.category(), crumb.message(), crumb.level(), Optional.of(clock.instant()),
                        crumb.data());
        List<Breadcrumb> next = new ArrayList<>(breadcrumbs);
        next.add(stamped);
        while (next.size() > maxBreadcrumbs) {
            next.remove(0);
        }
        breadcrumbs = List.copyOf(next);
    }

    /** Removes tags, user and breadcrumbs. */
    public synchronized void clear() {
        breadcrumbs = List.of();
        tags = Map.of();
        user = Map.of();
    }

    /** The tags now (an immutable snapshot). */
    public Map<String, String> tags() {
        return tags;
    }

    /** The user now (an immutable snapshot; empty when unset). */
    public Map<String, String> user() {
        return user;
    }

    /** The breadcrumbs now, oldest first (an immutable snapshot). */
    public List<Breadcrumb> breadcrumbs() {
        return breadcrumbs;
    }

    int maxBreadcrumbs() {
        return maxBreadcrumbs;
    }
}
