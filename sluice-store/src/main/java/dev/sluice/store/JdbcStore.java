package dev.sluice.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.protocol.ProjectId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** What both engines share: reads from a pool, the catalog (projects, keys, settings) and write transactions. */
abstract class JdbcStore implements Store {

    private final Dialect dialect;
    final HikariDataSource readPool;

    JdbcStore(Dialect dialect, HikariDataSource readPool) {
        this.dialect = dialect;
        this.readPool = readPool;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    /** A connection for one write transaction, autocommit off. */
    abstract Connection writeConnection() throws SQLException;

    /** Statements reused across write transactions; only valid while the write connection is held. */
    StatementCache statements() {
        return StatementCache.NONE;
    }

    /** Gives back what {@link #writeConnection()} handed out. */
    abstract void releaseWriteConnection(Connection connection) throws SQLException;

    @Override
    public <T> T write(WriteWork<T> work) {
        try {
            Connection connection = writeConnection();
            try {
                T result = work.apply(new JdbcWriteTx(connection, statements()));
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                statements().clear();
                throw e;
            } catch (SQLException e) {
                rollbackQuietly(connection, e);
                statements().clear();
                throw new StoreException("commit failed: " + e.getMessage(), e);
            } finally {
                releaseWriteConnection(connection);
            }
        } catch (SQLException e) {
            throw new StoreException("store unavailable: " + e.getMessage(), e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public <T> T read(ReadWork<T> work) {
        try (Connection connection = readPool.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        }
    }

    /** Runs catalog writes (rare, small) in their own transaction. */
    private <T> T catalogWrite(ReadWork<T> work) {
        return write(tx -> {
            try {
                return work.apply(((JdbcWriteTx) tx).connection());
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        });
    }

    @Override
    public Project createProject(String name, long nowMillis) {
        if (findProject(name).isPresent()) {
            throw new StoreException("project already exists: " + name);
        }
        Project project = new Project(new ProjectId(UUID.randomUUID().toString()), name, nowMillis);
        catalogWrite(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO projects (id, name, created_at) VALUES (?, ?, ?)")) {
                ps.setString(1, project.id().value());
                ps.setString(2, name);
                ps.setLong(3, nowMillis);
                return ps.executeUpdate();
            }
        });
        return project;
    }

    @Override
    public Optional<Project> findProject(String name) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, name, created_at FROM projects WHERE name = ?")) {
                ps.setString(1, name);
                List<Project> found = projects(ps);
                return found.stream().findFirst();
            }
        });
    }

    @Override
    public List<Project> listProjects() {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, name, created_at FROM projects ORDER BY name")) {
                return projects(ps);
            }
        });
    }

    private static List<Project> projects(PreparedStatement ps) throws SQLException {
        List<Project> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Project(new ProjectId(rs.getString(1)), rs.getString(2), rs.getLong(3)));
            }
        }
        return out;
    }

    @Override
    public void insertKey(ApiKey key) {
        catalogWrite(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_keys "
                    + "(id, project_id, kind, key_hash, key_hint, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, key.id());
                ps.setString(2, key.project().value());
                ps.setString(3, key.kind());
                ps.setString(4, key.hash());
                ps.setString(5, key.hint());
                ps.setLong(6, key.createdAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<ApiKey> listKeys() {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, project_id, kind, key_hash, key_hint, "
                    + "created_at, revoked_at FROM api_keys ORDER BY created_at, id");
                 ResultSet rs = ps.executeQuery()) {
                List<ApiKey> out = new ArrayList<>();
                while (rs.next()) {
                    long revoked = rs.getLong(7);
                    OptionalLong revokedAt = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(revoked);
                    out.add(new ApiKey(rs.getString(1), new ProjectId(rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getLong(6), revokedAt));
                }
                return out;
            }
        });
    }

    @Override
    public boolean revokeKey(String idOrHint, long nowMillis) {
        return catalogWrite(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE api_keys SET revoked_at = ? "
                    + "WHERE revoked_at IS NULL AND (id = ? OR key_hint = ?)")) {
                ps.setLong(1, nowMillis);
                ps.setString(2, idOrHint);
                ps.setString(3, idOrHint);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<String> setting(String name) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean putSettingIfAbsent(String name, String value) {
        return catalogWrite(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, name);
                ps.setString(2, value);
                return ps.executeUpdate() > 0;
            }
        });
    }
}
