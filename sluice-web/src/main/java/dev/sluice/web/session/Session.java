package dev.sluice.web.session;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.AccountRecords.Role;
import dev.sluice.store.Project;
import java.util.Optional;
import java.util.Set;

/**
 * A logged-in browser, as loaded from the store for one request. {@code csrf} is the synchronizer token every
 * state-changing request must echo; {@code project} is the project last chosen in the switcher (a
 * {@code ?project=} parameter overrides it). The role and memberships are read fresh on every request, so a
 * change by an admin applies at once, on every node.
 */
public final class Session {

    private final String idHash;
    private final String csrf;
    private final Optional<String> userId;
    private final String principal;
    private final Role role;
    private final Set<ProjectId> memberships;
    private volatile Optional<String> project;

    Session(String idHash, String csrf, Optional<String> userId, String principal, Role role,
            Set<ProjectId> memberships, Optional<String> project) {
        this.idHash = idHash;
        this.csrf = csrf;
        this.userId = userId;
        this.principal = principal;
        this.role = role;
        this.memberships = Set.copyOf(memberships);
        this.project = project;
    }

    String idHash() {
        return idHash;
    }

    /** The CSRF token to embed in forms and htmx headers. */
    public String csrf() {
        return csrf;
    }

    /** Who logged in: {@code admin} for the admin token, else the user's e-mail address. */
    public String principal() {
        return principal;
    }

    /** The user's id; empty for the admin-token login. */
    public Optional<String> userId() {
        return userId;
    }

    /** Whether this session may see every project and change settings. */
    public boolean admin() {
        return role == Role.ADMIN;
    }

    /** Whether this session may see {@code project} at all. */
    public boolean canSee(Project project) {
        return admin() || memberships.contains(project.id());
    }

    /** The project chosen last, by name. */
    public Optional<String> project() {
        return project;
    }

    void project(String name) {
        project = Optional.of(name);
    }
}
