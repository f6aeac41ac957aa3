package dev.sluice.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * The server store: PostgreSQL through one HikariCP pool. Several Sluice nodes may share the database;
 * every write statement is an upsert or an insert of a fresh id, so they do not step on each other.
 */
final class PostgresStore extends JdbcStore {

    /**
     * Write transactions (the group-commit writer, admin writes) get their own small pool with short timeouts:
     * during an outage the writer must learn within a fraction of a second that the database is gone, so that
     * waiting clients get their 503 at once, and reads must not be able to starve it of connections.
     */
    private final HikariDataSource writePool;
    private final HikariDataSource ratePool;
    private final ProxyManager<String> rateBuckets;

    private PostgresStore(HikariDataSource pool, HikariDataSource writePool, HikariDataSource ratePool) {
        super(Dialect.POSTGRESQL, pool);
        this.writePool = writePool;
        this.ratePool = ratePool;
        // bucket4j's own JDBC protocol (SELECT … FOR UPDATE on the bucket's row, then UPDATE, one transaction):
        // every node sees one bucket. A row expires once its bucket would be full again, so idle keys vanish.
        this.rateBuckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(ratePool)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_buckets").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(10)))
                .build();
    }

    @Override
    public Optional<ProxyManager<String>> sharedRateBuckets() {
        return Optional.of(rateBuckets);
    }

    static PostgresStore open(StoreConfig config) {
        HikariConfig pool = poolConfig(config, "sluice-pg", 8);
        pool.setConnectionTimeout(5_000);
        // Fail fast with a clear message when the database is unreachable at start.
        pool.setInitializationFailTimeout(5_000);
        HikariConfig writes = poolConfig(config, "sluice-pg-write", 3);
        // Hikari's floors: a borrow waits at most 500 ms, a liveness check at most 250 ms.
        writes.setConnectionTimeout(500);
        writes.setValidationTimeout(250);
        // A statement or COMMIT that hears nothing for a minute is given up (its outcome is then unknown, and
        // the waiting clients get a 503 they retry), so the writer never hangs on a dead network path.
        writes.addDataSourceProperty("socketTimeout", "60");
        writes.addDataSourceProperty("connectTimeout", "2");
        writes.setInitializationFailTimeout(-1);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to PostgreSQL at " + StoreConfig.redact(config.jdbcUrl())
                    + ": " + rootMessage(e), e);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Migrations.run(c, Dialect.POSTGRESQL);
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw new StoreException("cannot migrate PostgreSQL schema: " + rootMessage(e), e);
        }
        return new PostgresStore(dataSource, new HikariDataSource(writes), ratePool(config));
    }

    /**
     * The rate-limit buckets' own small pool: they never take a connection the writer needs, they give up on an
     * unreachable database within a second, and their commits skip the WAL flush ({@code synchronous_commit=off}:
     * a crash may forget the last few hundred milliseconds of bucket state, which only means a few extra
     * requests are let through; it halves the cost of a check).
     */
    private static HikariDataSource ratePool(StoreConfig config) {
        HikariConfig pool = poolConfig(config, "sluice-pg-rate", 4);
        pool.addDataSourceProperty("options", "-c synchronous_commit=off");
        pool.setMinimumIdle(0);
        pool.setConnectionTimeout(1_000);
        pool.setInitializationFailTimeout(-1);
        return new HikariDataSource(pool);
    }

    private static HikariConfig poolConfig(StoreConfig config, String name, int size) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(config.jdbcUrl());
        if (!config.user().isEmpty()) {
            pool.setUsername(config.user());
        }
        if (!config.password().isEmpty()) {
            pool.setPassword(config.password());
        }
        pool.addDataSourceProperty("reWriteBatchedInserts", "true");
        pool.setMaximumPoolSize(size);
        pool.setMinimumIdle(1);
        pool.setPoolName(name);
        return pool;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    Connection beginWrite() throws SQLException {
        Connection c = writePool.getConnection();
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    void commitWrite(Connection connection) throws SQLException {
        connection.commit();
    }

    @Override
    void rollbackWrite(Connection connection) throws SQLException {
        connection.rollback();
    }

    @Override
    void endWrite(Connection connection) throws SQLException {
        try {
            connection.setAutoCommit(true);
        } finally {
            connection.close();
        }
    }

    @Override
    public void close() {
        ratePool.close();
        writePool.close();
        readPool.close();
    }
}
