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
import java.util.concurrent.atomic.AtomicLong;

/** What both engines share: reads from a pool, the catalog (projects, keys, settings) and write transactions. */
abstract class JdbcStore implements Store {

    private final Dialect dialect;
    final HikariDataSource readPool;
    private final AtomicLong committed = new AtomicLong();

    JdbcStore(Dialect dialect, HikariDataSource readPool) {
        this.dialect = dialect;
        this.readPool = readPool;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    /** Starts a write transaction and answers its connection. */
    abstract Connection beginWrite() throws SQLException;

    /** Commits the transaction begun by {@link #beginWrite()}; durable when it returns. */
    abstract void commitWrite(Connection connection) throws SQLException;

    /** Rolls the transaction back. */
    abstract void rollbackWrite(Connection connection) throws SQLException;

    /** Gives back what {@link #beginWrite()} handed out, whatever happened. */
    abstract void endWrite(Connection connection) throws SQLException;

    /** Statements reused across write transactions; only valid while the write connection is held. */
    StatementCache statements() {
        return StatementCache.NONE;
    }

    @Override
    public <T> T write(WriteWork<T> work) {
        Connection connection;
        try {
            connection = beginWrite();
        } catch (SQLException e) {
            // No connection, or one that cannot even begin a transaction: the database is not there.
            throw new StoreException("store unavailable: " + e.getMessage(), e, StoreException.Failure.UNAVAILABLE);
        }
        T result;
        try {
            result = work.apply(new JdbcWriteTx(connection, statements(), dialect));
            commitWrite(connection);
            committed.incrementAndGet();
        } catch (RuntimeException | Error e) {
            rollbackQuietly(connection, e);
            statements().clear();
            endQuietly(connection, e);
            throw e;
        } catch (SQLException e) {
            rollbackQuietly(connection, e);
            statements().clear();
            StoreException failure = new StoreException("commit failed: " + e.getMessage(), e);
            endQuietly(connection, failure);
            throw failure;
        }
        // Committed: a connection that breaks while being handed back must not turn this into a failure.
        endQuietly(connection, null);
        return result;
    }

    private void endQuietly(Connection connection, Throwable failure) {
        try {
            endWrite(connection);
        } catch (SQLException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    @Override
    public long committedWrites() {
        return committed.get();
    }

    @Override
    public boolean writable() {
        try {
            Connection connection = beginWrite();
            try {
                rollbackWrite(connection);
                return true;
            } finally {
                endWrite(connection);
            }
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            rollbackWrite(connection);
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
    <T> T catalogWrite(ReadWork<T> work) {
        return write(tx -> {
            try {
                return work.apply(((JdbcWriteTx) tx).connection());
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        });
    }

    @Override
    public Accounts accounts() {
        return new JdbcAccounts(this);
    }

    @Override
    public Project createProject(String name, long nowMillis) {
        ProjectId id = new ProjectId(UUID.randomUUID().toString());
        long number = catalogWrite(c -> {
            long n = JdbcTaskWrites.nextCounter(c, "project", 1);
            // The unique name decides, not an earlier look-up: another node may create the same name meanwhile.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO projects (id, name, number, created_at) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, id.value());
                ps.setString(2, name);
                ps.setLong(3, n);
                ps.setLong(4, nowMillis);
                if (ps.executeUpdate() == 0) {
                    throw new StoreException("project already exists: " + name, StoreException.Failure.DUPLICATE);
                }
            }
            JdbcTaskWrites.createDefaults(c, id);
            return n;
        });
        return new Project(id, name, number, nowMillis);
    }

    @Override
    public Optional<Project> findProject(String name) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, name, number, created_at FROM projects WHERE name = ?")) {
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
                    "SELECT id, name, number, created_at FROM projects ORDER BY name")) {
                return projects(ps);
            }
        });
    }

    private static List<Project> projects(PreparedStatement ps) throws SQLException {
        List<Project> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Project(new ProjectId(rs.getString(1)), rs.getString(2), rs.getLong(3), rs.getLong(4)));
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

    private static final String KEY_COLUMNS = "SELECT id, project_id, kind, key_hash, key_hint, created_at, "
            + "revoked_at FROM api_keys";

    @Override
    public List<ApiKey> listKeys() {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(KEY_COLUMNS + " ORDER BY created_at, id");
                 ResultSet rs = ps.executeQuery()) {
                List<ApiKey> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(key(rs));
                }
                return out;
            }
        });
    }

    @Override
    public Optional<ApiKey> findKeyByHash(String hash) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(KEY_COLUMNS + " WHERE key_hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(key(rs)) : Optional.empty();
                }
            }
        });
    }

    private static ApiKey key(ResultSet rs) throws SQLException {
        long revoked = rs.getLong(7);
        OptionalLong revokedAt = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(revoked);
        return new ApiKey(rs.getString(1), new ProjectId(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getLong(6), revokedAt);
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

    @Override
    public void putSetting(String name, String value) {
        catalogWrite(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
                ps.setString(1, name);
                ps.setString(2, value);
                return ps.executeUpdate();
            }
        });
    }
}
