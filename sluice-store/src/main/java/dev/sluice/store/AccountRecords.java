package dev.sluice.store;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** The rows of dashboard accounts: users, invites and sessions. Secrets appear only as hashes. */
public final class AccountRecords {

    private AccountRecords() {
    }

    /** What a user may do: an admin sees and changes every project; a member only the projects they belong to. */
    public enum Role {
        ADMIN, MEMBER;

        /** The stored and displayed name ({@code admin}, {@code member}). */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The role named {@code id}, if any. */
        public static Optional<Role> byId(String id) {
            for (Role r : values()) {
                if (r.id().equals(id)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * A dashboard user. {@code passwordHash} is empty until an invite is accepted (or a password is set).
     *
     * @param email lower-case
     */
    public record User(String id, String email, Role role, Optional<String> passwordHash, long createdAt) {
        public User {
            Objects.requireNonNull(id);
            Objects.requireNonNull(email);
            Objects.requireNonNull(role);
            Objects.requireNonNull(passwordHash);
        }

        /** Whether the user has set a password (accepted their invite). */
        public boolean active() {
            return passwordHash.isPresent();
        }
    }

    /** A one-time invite: the SHA-256 (hex) of the token in the link, for {@code userId}, until {@code expiresAt}. */
    public record Invite(String tokenHash, String userId, long createdAt, long expiresAt) {
    }

    /**
     * A logged-in browser as stored: the SHA-256 (hex) of the cookie's id, who it is ({@code userId} empty for
     * the admin-token login), the project chosen last, and its times.
     */
    public record StoredSession(String idHash, Optional<String> userId, String principal, Optional<String> project,
                                long createdAt, long lastSeen) {
        public StoredSession {
            Objects.requireNonNull(idHash);
            Objects.requireNonNull(userId);
            Objects.requireNonNull(principal);
            Objects.requireNonNull(project);
        }
    }
}
