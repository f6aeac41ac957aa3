package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.AccountRecords.Invite;
import dev.sluice.store.AccountRecords.Role;
import dev.sluice.store.AccountRecords.StoredSession;
import dev.sluice.store.AccountRecords.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** {@link Accounts} in plain, parameterised SQL shared by SQLite and PostgreSQL. */
final class JdbcAccounts implements Accounts {

    private static final String USER_COLUMNS = "SELECT id, email, role, password_hash, created_at FROM users";
    private static final String SESSION_COLUMNS =
            "SELECT id_hash, user_id, principal, project, created_at, last_seen FROM web_sessions";

    private final JdbcStore store;

    JdbcAccounts(JdbcStore store) {
        this.store = store;
    }

    @Override
    public User createUser(String email, Role role, Optional<String> passwordHash, long nowMillis) {
        User user = new User(UUID.randomUUID().toString(), email.strip().toLowerCase(Locale.ROOT), role, passwordHash,
                nowMillis);
        store.catalogWrite(c -> {
            // The unique e-mail decides, not an earlier look-up: another node may invite the same address meanwhile.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, email, role, password_hash, "
                    + "created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING")) {
                ps.setString(1, user.id());
                ps.setString(2, user.email());
                ps.setString(3, role.id());
                ps.setString(4, passwordHash.orElse(null));
                ps.setLong(5, nowMillis);
                if (passwordHash.isPresent()) {
                    ps.setLong(6, nowMillis);
                } else {
                    ps.setNull(6, Types.BIGINT);
                }
                if (ps.executeUpdate() == 0) {
                    throw new StoreException("a user with this e-mail exists: " + user.email(),
                            StoreException.Failure.DUPLICATE);
                }
                return null;
            }
        });
        return user;
    }

    @Override
    public Optional<User> findUser(String id) {
        return store.read(c -> first(users(c, USER_COLUMNS + " WHERE id = ?", id)));
    }

    @Override
    public Optional<User> findUserByEmail(String email) {
        return store.read(c -> first(users(c, USER_COLUMNS + " WHERE email = ?",
                email.strip().toLowerCase(Locale.ROOT))));
    }

    @Override
    public List<User> listUsers() {
        return store.read(c -> users(c, USER_COLUMNS + " ORDER BY email"));
    }

    @Override
    public boolean setPassword(String userId, String passwordHash, long nowMillis) {
        return update("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
                passwordHash, nowMillis, userId) > 0;
    }

    @Override
    public boolean setRole(String userId, Role role) {
        return update("UPDATE users SET role = ? WHERE id = ?", role.id(), userId) > 0;
    }

    @Override
    public boolean deleteUser(String userId) {
        return store.catalogWrite(c -> {
            run(c, "DELETE FROM web_sessions WHERE user_id = ?", userId);
            run(c, "DELETE FROM user_invites WHERE user_id = ?", userId);
            run(c, "DELETE FROM user_projects WHERE user_id = ?", userId);
            return run(c, "DELETE FROM users WHERE id = ?", userId) > 0;
        });
    }

    @Override
    public void addMembership(String userId, ProjectId project, long nowMillis) {
        update("INSERT INTO user_projects (user_id, project_id, added_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (user_id, project_id) DO NOTHING", userId, project.value(), nowMillis);
    }

    @Override
    public boolean removeMembership(String userId, ProjectId project) {
        return update("DELETE FROM user_projects WHERE user_id = ? AND project_id = ?", userId, project.value()) > 0;
    }

    @Override
    public Set<ProjectId> memberships(String userId) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT project_id FROM user_projects WHERE user_id = ? ORDER BY project_id")) {
                ps.setString(1, userId);
                Set<ProjectId> out = new LinkedHashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ProjectId(rs.getString(1)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<User> members(ProjectId project) {
        return store.read(c -> users(c, "SELECT u.id, u.email, u.role, u.password_hash, u.created_at FROM users u "
                + "JOIN user_projects m ON m.user_id = u.id WHERE m.project_id = ? ORDER BY u.email", project.value()));
    }

    @Override
    public void createInvite(Invite invite) {
        store.catalogWrite(c -> {
            run(c, "UPDATE user_invites SET used_at = ? WHERE user_id = ? AND used_at IS NULL", invite.createdAt(),
                    invite.userId());
            return run(c, "INSERT INTO user_invites (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                    invite.tokenHash(), invite.userId(), invite.createdAt(), invite.expiresAt());
        });
    }

    @Override
    public Optional<Invite> findInvite(String tokenHash, long nowMillis) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT token_hash, user_id, created_at, expires_at "
                    + "FROM user_invites WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?")) {
                ps.setString(1, tokenHash);
                ps.setLong(2, nowMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Invite(rs.getString(1), rs.getString(2), rs.getLong(3),
                            rs.getLong(4))) : Optional.<Invite>empty();
                }
            }
        });
    }

    @Override
    public Optional<String> acceptInvite(String tokenHash, String passwordHash, long nowMillis) {
        return store.catalogWrite(c -> {
            String userId;
            try (PreparedStatement ps = c.prepareStatement("UPDATE user_invites SET used_at = ? WHERE token_hash = ? "
                    + "AND used_at IS NULL AND expires_at > ? RETURNING user_id")) {
                ps.setLong(1, nowMillis);
                ps.setString(2, tokenHash);
                ps.setLong(3, nowMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<String>empty();
                    }
                    userId = rs.getString(1);
                }
            }
            run(c, "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?", passwordHash, nowMillis,
                    userId);
            // A password reset through an invite logs out everything that was logged in before.
            run(c, "DELETE FROM web_sessions WHERE user_id = ?", userId);
            return Optional.of(userId);
        });
    }

    @Override
    public void createSession(StoredSession s) {
        update("INSERT INTO web_sessions (id_hash, user_id, principal, project, created_at, last_seen) "
                + "VALUES (?, ?, ?, ?, ?, ?)", s.idHash(), s.userId().orElse(null), s.principal(),
                s.project().orElse(null), s.createdAt(), s.lastSeen());
    }

    @Override
    public Optional<StoredSession> findSession(String idHash) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SESSION_COLUMNS + " WHERE id_hash = ?")) {
                ps.setString(1, idHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new StoredSession(rs.getString(1),
                            Optional.ofNullable(rs.getString(2)), rs.getString(3), Optional.ofNullable(rs.getString(4)),
                            rs.getLong(5), rs.getLong(6))) : Optional.<StoredSession>empty();
                }
            }
        });
    }

    @Override
    public void touchSession(String idHash, long nowMillis, Optional<String> project) {
        update("UPDATE web_sessions SET last_seen = ?, project = ? WHERE id_hash = ?", nowMillis,
                project.orElse(null), idHash);
    }

    @Override
    public boolean deleteSession(String idHash) {
        return update("DELETE FROM web_sessions WHERE id_hash = ?", idHash) > 0;
    }

    @Override
    public int deleteSessionsOfUser(String userId, Optional<String> keepIdHash) {
        return update("DELETE FROM web_sessions WHERE user_id = ? AND id_hash <> ?", userId, keepIdHash.orElse(""));
    }

    @Override
    public int deleteExpiredSessions(long lastSeenBefore, long createdBefore) {
        return update("DELETE FROM web_sessions WHERE last_seen < ? OR created_at < ?", lastSeenBefore,
                createdBefore);
    }

    private int update(String sql, Object... params) {
        return store.catalogWrite(c -> run(c, sql, params));
    }

    private static int run(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else {
                ps.setObject(i + 1, params[i]);
            }
        }
    }

    private static List<User> users(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            List<User> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new User(rs.getString(1), rs.getString(2),
                            Role.byId(rs.getString(3)).orElse(Role.MEMBER), Optional.ofNullable(rs.getString(4)),
                            rs.getLong(5)));
                }
            }
            return out;
        }
    }

    private static <T> Optional<T> first(List<T> list) {
        return list.stream().findFirst();
    }
}
