package dev.sluice.store;

import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The durable store. Writes go through {@link #write}, one transaction each, committed (fsync'd) before it
 * returns; reads through {@link #read} on their own connections.
 */
public interface Store extends AutoCloseable {

    /** Opens (creating and migrating as needed) the store described by {@code config}. */
    static Store open(StoreConfig config) {
        return switch (config.dialect()) {
            case SQLITE -> SqliteStore.open(config);
            case POSTGRESQL -> PostgresStore.open(config);
        };
    }

    /** The engine behind this store. */
    Dialect dialect();

    /** Runs {@code work} in one transaction and commits it; rolls back and rethrows on failure. */
    <T> T write(WriteWork<T> work);

    /**
     * How many write transactions this process has committed so far (counted after each commit returns). A
     * cache of the store's content that was read after the count reached {@code n} holds every write this
     * process acknowledged up to {@code n}: it need not ask the store again while the count stays there. Other
     * processes' writes (PostgreSQL nodes) are not counted.
     */
    long committedWrites();

    /**
     * Answers whether a write transaction can be begun right now, within the store's (short) connection
     * timeout; used to notice that a database which went away is back.
     */
    boolean writable();

    /** Runs read-only JDBC work on a pooled connection. */
    <T> T read(ReadWork<T> work);

    /** Creates a project; fails with {@link StoreException} if the name is taken. */
    Project createProject(String name, long nowMillis);

    /** Finds a project by name. */
    Optional<Project> findProject(String name);

    /** All projects, by name. */
    List<Project> listProjects();

    /** Stores a new key (already hashed). */
    void insertKey(ApiKey key);

    /** All keys, active and revoked, oldest first. */
    List<ApiKey> listKeys();

    /** The key whose SHA-256 (lowercase hex) is {@code hash}, active or revoked: one indexed lookup. */
    Optional<ApiKey> findKeyByHash(String hash);

    /**
     * Token buckets kept in this database and shared by every node that uses it (PostgreSQL), keyed by a bucket
     * name; empty for an engine that serves one node only (SQLite), where in-memory buckets are exact.
     */
    default Optional<ProxyManager<String>> sharedRateBuckets() {
        return Optional.empty();
    }

    /**
     * Copies what the write-ahead log holds back into the database file without blocking writers or waiting
     * for readers (SQLite {@code wal_checkpoint(PASSIVE)}); a no-op where the engine does it itself. Long
     * maintenance (retention) calls it between its transactions, outside the write lock, so the WAL stays
     * small and the automatic checkpoint that an ingest commit would otherwise run, holding the write lock,
     * has little to copy.
     */
    default void checkpoint() {
    }

    /** Revokes a key by id, or by a hint prefix; answers whether one was revoked. */
    boolean revokeKey(String idOrHint, long nowMillis);

    /** Dashboard accounts: users, project memberships, invites and sessions. */
    Accounts accounts();

    /** A server setting, such as the admin token's hash. */
    Optional<String> setting(String name);

    /** Stores a setting unless it exists; answers whether it was stored. */
    boolean putSettingIfAbsent(String name, String value);

    /** Stores a setting, replacing any earlier value (e.g. a new admin token hash). */
    void putSetting(String name, String value);

    @Override
    void close();

    /** Work inside a write transaction. */
    @FunctionalInterface
    interface WriteWork<T> {
        T apply(WriteTx tx);
    }

    /** Work on a read connection. */
    @FunctionalInterface
    interface ReadWork<T> {
        T apply(Connection connection) throws SQLException;
    }
}
