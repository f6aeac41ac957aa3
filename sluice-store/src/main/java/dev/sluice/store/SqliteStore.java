package dev.sluice.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded store: one SQLite file in WAL mode with {@code synchronous=FULL}, so a commit is on disk
 * when it returns. SQLite allows one writer at a time, so all writes share one connection behind a lock;
 * readers use a small pool and never block the writer (WAL).
 */
final class SqliteStore extends JdbcStore {

    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** The writer connection lives as long as the store, so its statements can too (guarded by writeLock). */
    private final StatementCache statements = new StatementCache(64);

    private SqliteStore(HikariDataSource readPool, Connection writer) {
        super(Dialect.SQLITE, readPool);
        this.writer = writer;
    }

    static SqliteStore open(StoreConfig config) {
        createParentDirectory(config.jdbcUrl());
        try {
            try (Connection migrator = DriverManager.getConnection(config.jdbcUrl(), properties())) {
                incrementalVacuumIfNew(migrator);
                migrator.setAutoCommit(false);
                Migrations.run(migrator, Dialect.SQLITE);
            }
            // The writer stays in autocommit mode between transactions and opens each one explicitly: in
            // manual-commit mode the driver would begin the next transaction right after every commit and
            // hold the write lock while idle, locking out the CLI and other processes.
            Connection writer = DriverManager.getConnection(config.jdbcUrl(), properties());
            HikariConfig pool = new HikariConfig();
            pool.setJdbcUrl(config.jdbcUrl());
            pool.setDataSourceProperties(properties());
            pool.setMaximumPoolSize(4);
            pool.setMinimumIdle(1);
            pool.setPoolName("sluice-sqlite-read");
            return new SqliteStore(new HikariDataSource(pool), writer);
        } catch (SQLException e) {
            throw new StoreException("cannot open SQLite store " + config.jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new (table-less) database gets {@code auto_vacuum = INCREMENTAL}, so retention can give freed pages back
     * with {@code PRAGMA incremental_vacuum}; the VACUUM that applies it is instant on an empty file. Existing
     * stores keep their mode (changing it would rewrite the whole file) and reuse freed pages instead.
     */
    private static void incrementalVacuumIfNew(Connection c) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            try (java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_master")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
            s.execute("PRAGMA auto_vacuum = INCREMENTAL");
            s.execute("VACUUM");
        }
    }

    private static Properties properties() {
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "FULL");
        p.setProperty("busy_timeout", "10000");
        p.setProperty("foreign_keys", "true");
        // SQLite's default page cache is 2 MB: once the indexes outgrow it, every insert into a B-tree
        // whose keys arrive out of order (events by user, by time) reads its pages back from the OS.
        p.setProperty("cache_size", "-65536");
        p.setProperty("temp_store", "MEMORY");
        // Checkpoint every ~40 MB of WAL instead of every 4 MB: a page rewritten by many commits (a hot index
        // page) is copied back to the database file once per checkpoint, and each checkpoint costs an fsync.
        p.setProperty("wal_autocheckpoint", "10000");
        // IMMEDIATE takes the write lock at BEGIN (for the migration connection; the writer says so itself),
        // so concurrent writers wait for busy_timeout instead of failing half-way with SQLITE_BUSY.
        p.setProperty("transaction_mode", "IMMEDIATE");
        return p;
    }

    private static void createParentDirectory(String jdbcUrl) {
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create data directory " + parent + ": " + e.getMessage(), e);
        }
    }

    @Override
    Connection beginWrite() throws SQLException {
        writeLock.lock();
        try (Statement s = writer.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        } catch (SQLException | RuntimeException e) {
            writeLock.unlock();
            throw e;
        }
        return writer;
    }

    @Override
    void commitWrite(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("COMMIT");
        }
    }

    @Override
    void rollbackWrite(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("ROLLBACK");
        }
    }

    @Override
    public void checkpoint() {
        // On a pooled connection, not the writer: PASSIVE neither takes nor waits for the write lock.
        try (Connection c = readPool.getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            throw new StoreException("checkpoint failed: " + e.getMessage(), e);
        }
    }

    @Override
    StatementCache statements() {
        return statements;
    }

    @Override
    void endWrite(Connection connection) {
        writeLock.unlock();
    }

    @Override
    public void close() {
        readPool.close();
        writeLock.lock();
        try {
            statements.clear();
            writer.close();
        } catch (SQLException e) {
            throw new StoreException("close failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }
}
