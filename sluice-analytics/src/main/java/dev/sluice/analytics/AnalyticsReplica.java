package dev.sluice.analytics;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.EventLocator;
import dev.sluice.store.EventLocator.Located;
import dev.sluice.store.Store;
import dev.sluice.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's columnar replica of the row store's analytics events: a DuckDB file fed by following the row
 * store in feed order (see {@link FeedSource}) and appending with DuckDB's Appender. The row store stays the
 * source of truth; the replica can be rebuilt from it at any time.
 *
 * <p>Exactly once across crashes. SQLite: the replica's cursor is not stored beside the data but read from it
 * (the largest feed position appended); appends are atomic and in feed order, so after a SIGKILL the replica
 * resumes right after the last event it holds. PostgreSQL: a stored safe position only ever lags what was
 * appended, and events above it are deduplicated by id when re-read. Nothing missing, nothing twice.
 */
public final class AnalyticsReplica implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsReplica.class);

    private final DuckDBConnection connection;
    private final FeedSource source;
    private final ReplicaFeed feed;
    private final PersonMirror persons;
    private final Store store;
    private final Clock clock;
    /** {@link Store#committedWrites()} as read before the last completed sync began. */
    private volatile long syncedThrough = -1;
    /** Readers share; the feed takes it exclusively while it changes what a query joins. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile Thread follower;
    private volatile boolean closed;
    /** Rebuilds begun plus rebuilds ended: odd while one empties and refills the replica (see {@link #mark}). */
    private final AtomicLong rebuilds = new AtomicLong();

    private AnalyticsReplica(DuckDBConnection connection, Store store, Clock clock) throws SQLException {
        this.connection = connection;
        this.source = new FeedSource(store);
        this.persons = new PersonMirror(store);
        this.store = store;
        this.clock = clock;
        ReplicaSchema.create(connection);
        this.feed = new ReplicaFeed(connection, source, lock);
    }

    /**
     * Opens (creating as needed) the replica file for {@code store} with the limits of
     * {@link ReplicaLimits#fromEnvironment}. One process may open a file at a time.
     */
    public static AnalyticsReplica open(Path file, Store store, Clock clock) {
        return open(file, store, clock, ReplicaLimits.fromEnvironment(file, System.getenv()));
    }

    /** Opens (creating as needed) the replica file for {@code store}, DuckDB capped by {@code limits}. */
    public static AnalyticsReplica open(Path file, Store store, Clock clock, ReplicaLimits limits) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
            try {
                limits.apply(c);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return new AnalyticsReplica(c.unwrap(DuckDBConnection.class), store, clock);
        } catch (java.io.IOException | SQLException e) {
            throw new StoreException("cannot open the analytics replica " + file + ": " + e.getMessage(), e);
        }
    }

    /** Brings the replica up to what the row store has committed (and is final); answers events appended. */
    public long sync() {
        return sync(n -> { });
    }

    /**
     * Makes sure every write this process acknowledged is in the replica, syncing only when one committed since
     * the last sync: with SQLite (one process writes) that is every write, so a query on an idle or caught-up
     * replica costs no row-store round trip. With PostgreSQL other nodes write too and this process cannot count
     * their commits: one read (identity fingerprint, count and newest transaction of the events at or above the
     * safe position, through the feed index) is compared with the same read taken before the last sync, and the
     * full sync runs only when it differs, so every node still counts every event committed before the query.
     */
    public void catchUp() {
        if (source.ordered()) {
            if (syncedThrough < store.committedWrites()) {
                sync();
            }
            return;
        }
        if (feed.changed()) {
            sync();
        }
    }

    /** {@link #sync()}, reporting the running count of appended events after each page. */
    public synchronized long sync(LongConsumer progress) {
        long writes = store.committedWrites();
        try {
            // PostgreSQL: the identity fingerprint before the mirror refreshes, so a merge committed meanwhile
            // still differs from the mark at the next catch-up.
            String identities = source.ordered() ? "" : store.read(PersonMirror::fingerprint);
            lock.writeLock().lock();
            try {
                persons.refresh(connection);
            } finally {
                lock.writeLock().unlock();
            }
            long appended = feed.follow(progress, () -> closed, identities);
            if (!closed) {
                syncedThrough = Math.max(syncedThrough, writes);
            }
            return appended;
        } catch (SQLException e) {
            throw new StoreException("analytics replica: " + e.getMessage(), e);
        }
    }

    /** The property keys that have columns of their own. */
    public List<PromotedKey> promoted() {
        return feed.promoted();
    }


    /** Work on a replica connection of its own (DuckDB connections are single-threaded). */
    @FunctionalInterface
    public interface ReadWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Runs a read against a consistent view of the person mapping. */
    public <T> T read(ReadWork<T> work) {
        lock.readLock().lock();
        try (Connection c = connection.duplicate()) {
            return work.apply(c);
        } catch (SQLException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("Out of Memory")) {
                // Not a store outage: this query needs more than the replica's cap, and retrying will not help.
                throw new StoreException("analytics replica query needs more memory than SLUICE_ANALYTICS_MEMORY allows "
                        + "(raise it, or narrow the time range): " + message.lines().findFirst().orElse(""), e,
                        StoreException.Failure.TOO_LARGE);
            }
            throw new StoreException("analytics replica query: " + message, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Removes a project's events of these distinct ids (erasure; the row store's rows are already gone). */
    public synchronized void erase(String project, Collection<String> distinctIds) {
        lock.readLock().lock();
        try {
            ReplicaUpkeep.erase(connection, project, distinctIds);
        } catch (SQLException e) {
            throw new StoreException("analytics replica erase: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Retention: deletes a project's events that occurred before {@code cutoffMillis} (the row store's
     * analytics rows went first, with the same cutoff, so the feed cannot bring them back). Answers rows deleted.
     */
    public synchronized long purge(String project, long cutoffMillis) {
        lock.readLock().lock();
        try {
            return ReplicaUpkeep.purge(connection, project, cutoffMillis);
        } catch (SQLException e) {
            throw new StoreException("analytics replica purge: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Checkpoints, so DuckDB writes the deletes into the file and frees the blocks of deleted rows, which
     * later appends reuse: the file stops growing. It does not shrink (DuckDB 1.5 gives no blocks back, and
     * its {@code VACUUM} does not either).
     */
    public synchronized void reclaim() {
        try {
            ReplicaUpkeep.checkpoint(connection);
        } catch (SQLException e) {
            throw new StoreException("analytics replica checkpoint: " + e.getMessage(), e);
        }
    }

    /** How far the replica trails the row store. */
    public ReplicaLag lag() {
        if (source.ordered()) {
            FeedSource.Backlog b = source.backlog(currentCursor());
            return new ReplicaLag(b.events(), b.oldestReceivedAt().isEmpty() ? Duration.ZERO
                    : Duration.ofMillis(Math.max(0, clock.millis() - b.oldestReceivedAt().getAsLong())));
        }
        // Above the safe position the replica holds a subset of the store's events: the lag is the difference.
        long[] held = read(c -> {
            long safe = ReplicaSchema.safe(c);
            return new long[] {safe, ReplicaSchema.countFrom(c, safe)};
        });
        FeedSource.Backlog b = source.backlog(new FeedCursor(held[0], "", ""));
        long events = Math.max(0, b.events() - held[1]);
        return new ReplicaLag(events, events == 0 || b.oldestReceivedAt().isEmpty() ? Duration.ZERO
                : Duration.ofMillis(Math.max(0, clock.millis() - b.oldestReceivedAt().getAsLong())));
    }

    private FeedCursor currentCursor() {
        return feed.cursor();
    }

    /** Follows the row store every {@code every} on a daemon thread until closed. */
    public void startFollowing(Duration every) {
        Thread t = Thread.ofPlatform().name("analytics-replica").daemon().start(() -> {
            while (!closed) {
                try {
                    catchUp();
                } catch (RuntimeException e) {
                    LOG.warn("analytics replica could not follow the row store: {}", e.getMessage());
                }
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        follower = t;
    }

    /** Empties the replica, then refills it from the row store, reporting appended events. */
    public synchronized long rebuild(LongConsumer progress) {
        rebuilds.incrementAndGet();
        try {
            try {
                ReplicaUpkeep.empty(connection);
            } catch (SQLException e) {
                throw new StoreException("analytics replica rebuild: " + e.getMessage(), e);
            }
            feed.restart();
            syncedThrough = -1;
            persons.forget();
            return sync(progress);
        } finally {
            rebuilds.incrementAndGet();
        }
    }

    /**
     * SQLite: a row-store feed position such that every event the row store holds at or below it is in the
     * replica (0 while a rebuild runs, or on PostgreSQL, whose feed is not a dense order). Rows leave the replica
     * only after they left the row store (erasure, retention), so what was read stays a superset; {@link #stable}
     * tells whether a rebuild began since, which would void it.
     */
    public Mark mark() {
        long epoch = rebuilds.get();
        if (!source.ordered() || closed || (epoch & 1) == 1) {
            return new Mark(0, epoch);
        }
        return new Mark(feed.cursor().position(), epoch);
    }

    /** Whether no rebuild began since {@code mark} was taken, so positions read at or below it are complete. */
    public boolean stable(Mark mark) {
        return rebuilds.get() == mark.epoch();
    }

    /** A feed position the replica is complete up to, and the rebuild count it was read under. */
    public record Mark(long position, long epoch) {
    }

    /**
     * The row store's erasure locator (see {@link EventLocator}): the person's positions at or
     * below {@link #mark}. Any failure here (a closed replica, a rebuild meanwhile) answers "nothing known",
     * which makes the row store scan every row: slower, never wrong.
     */
    public Located people(ProjectId project,
                                                        Collection<String> distinctIds) {
        Mark m = mark();
        if (m.position() <= 0) {
            return Located.NOTHING;
        }
        try {
            Located found = read(c -> ReplicaPositions.people(c, project.value(),
                    distinctIds, m.position()));
            return stable(m) ? found : Located.NOTHING;
        } catch (RuntimeException e) {
            LOG.warn("analytics replica could not locate events for an erasure, the row store scans: {}",
                    e.getMessage());
            return Located.NOTHING;
        }
    }

    /**
     * Retention: up to {@code limit} positions in ({@code after}, {@code mark}] of a project's events that
     * occurred before the cutoff, in order. Check {@link #stable} after reading.
     */
    public long[] olderThan(String project, long cutoffMillis, long after, Mark mark, int limit) {
        return read(c -> ReplicaPositions.olderThan(c, project, cutoffMillis, after, mark.position(), limit));
    }

    /** Events in the row store not yet in the replica (for progress bars: the total before a rebuild). */
    public long backlog() {
        return source.backlog(currentCursor()).events();
    }

    @Override
    public void close() {
        closed = true;
        Thread t = follower;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.warn("closing the analytics replica: {}", e.getMessage());
            }
        }
    }
}
