package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.AccountRecords.Invite;
import dev.sluice.store.AccountRecords.Role;
import dev.sluice.store.AccountRecords.StoredSession;
import dev.sluice.store.AccountRecords.User;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Dashboard accounts in the store, so that they survive restarts and every node sharing one PostgreSQL sees the
 * same users and sessions. Each call is its own committed transaction. Hashing is the caller's business: this
 * interface never sees a password, an invite token or a session id in the clear.
 */
public interface Accounts {

    /** Creates a user; a taken e-mail address is a {@link StoreException} of kind {@code DUPLICATE}. */
    User createUser(String email, Role role, Optional<String> passwordHash, long nowMillis);

    Optional<User> findUser(String id);

    /** The user with {@code email} (compared lower-case). */
    Optional<User> findUserByEmail(String email);

    /** Every user, by e-mail address. */
    List<User> listUsers();

    /** Replaces the user's password hash; answers whether the user exists. */
    boolean setPassword(String userId, String passwordHash, long nowMillis);

    /** Changes the user's role; answers whether the user exists. */
    boolean setRole(String userId, Role role);

    /** Deletes the user with their memberships, invites and sessions; answers whether one was deleted. */
    boolean deleteUser(String userId);

    /** Adds the user to the project (no-op if already a member). */
    void addMembership(String userId, ProjectId project, long nowMillis);

    /** Removes the user from the project; answers whether they were a member. */
    boolean removeMembership(String userId, ProjectId project);

    /** The projects the user belongs to. */
    Set<ProjectId> memberships(String userId);

    /** The users who belong to {@code project}. */
    List<User> members(ProjectId project);

    /** Stores an invite; earlier unused invites of the same user stop working. */
    void createInvite(Invite invite);

    /** The unused, unexpired invite whose token hashes to {@code tokenHash}. */
    Optional<Invite> findInvite(String tokenHash, long nowMillis);

    /**
     * Uses the invite once and sets the user's password, in one transaction; answers the user's id, or empty when
     * the invite is unknown, used or expired (so two browsers racing with one link cannot both set a password).
     */
    Optional<String> acceptInvite(String tokenHash, String passwordHash, long nowMillis);

    void createSession(StoredSession session);

    Optional<StoredSession> findSession(String idHash);

    /** Records activity and the chosen project of a session. */
    void touchSession(String idHash, long nowMillis, Optional<String> project);

    /** Ends one session; answers whether it existed. */
    boolean deleteSession(String idHash);

    /** Ends the user's sessions except {@code keepIdHash}; answers how many ended. */
    int deleteSessionsOfUser(String userId, Optional<String> keepIdHash);

    /** Ends sessions idle since before {@code lastSeenBefore} or created before {@code createdBefore}. */
    int deleteExpiredSessions(long lastSeenBefore, long createdBefore);
}
