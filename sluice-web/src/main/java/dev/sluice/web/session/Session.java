package dev.sluice.web.session;

import java.util.Optional;

/**
 * A logged-in browser. {@code csrf} is the synchronizer token every state-changing request must echo;
 * {@code project} is the project last chosen in the switcher (a {@code ?project=} parameter overrides it).
 */
public final class Session {

    private final String id;
    private final String csrf;
    private final String principal;
    private final long createdAt;
    private volatile long lastSeen;
    private volatile String project;

    Session(String id, String csrf, String principal, long createdAt) {
        this.id = id;
        this.csrf = csrf;
        this.principal = principal;
        this.createdAt = createdAt;
        this.lastSeen = createdAt;
    }

    String id() {
        return id;
    }

    /** The CSRF token to embed in forms and htmx headers. */
    public String csrf() {
        return csrf;
    }

    /** Who logged in ({@code admin} for the admin token). */
    public String principal() {
        return principal;
    }

    long createdAt() {
        return createdAt;
    }

    long lastSeen() {
        return lastSeen;
    }

    void touch(long now) {
        lastSeen = now;
    }

    /** The project chosen last, by name. */
    public Optional<String> project() {
        return Optional.ofNullable(project);
    }

    /** Remembers the chosen project. */
    public void project(String name) {
        project = name;
    }
}
