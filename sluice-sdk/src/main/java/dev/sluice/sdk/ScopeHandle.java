package dev.sluice.sdk;

/**
 * A scope pushed by {@link Errors#pushScope()}: closing it restores the scope the thread had before. Close it
 * on the thread that pushed it, in reverse order of pushing (try-with-resources does both).
 */
public final class ScopeHandle implements AutoCloseable {

    private final Scope scope;
    private final Runnable restore;
    private boolean closed;

    ScopeHandle(Scope scope, Runnable restore) {
        this.scope = scope;
        this.restore = restore;
    }

    /** The pushed scope: set the request's user, tags and breadcrumbs here. */
    public Scope scope() {
        return scope;
    }

    /** Restores the previous scope; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            restore.run();
        }
    }
}
