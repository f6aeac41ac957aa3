package dev.sluice.analytics;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.duckdb.DuckDBConnection;

/**
 * The replica's feed: reads the row store's events after the cursor in pages (see {@link FeedSource}) and appends
 * them (see {@link EventAppender}), reviewing promoted columns as events arrive. Runs on the replica's own
 * thread (or a caller's sync), never on the row store's writer. Not thread-safe: its owner serialises calls.
 */
final class ReplicaFeed {

    /** Rows per page: large pages keep DuckDB appends (one flush each) few under sustained ingest. */
    private static final int PAGE = 20_000;

    private final DuckDBConnection connection;
    private final FeedSource source;
    /** Readers share it; promotions take it exclusively while they add columns. */
    private final ReadWriteLock lock;
    private volatile FeedCursor cursor;
    /**
     * PostgreSQL: {@link FeedSource#state} as of the last completed follow (the identities read before its mirror
     * refresh, the events after its horizon): {@link #changed} tells whether the row store's answer differs.
     */
    private volatile Mark mark = Mark.NONE;

    /** A {@link FeedSource#state} and the position it was read from (-1: none yet). */
    private record Mark(long from, String state) {
        static final Mark NONE = new Mark(-1, "");
    }
    /** The keys with columns of their own; only ever grows (columns are added, never dropped). */
    private volatile List<PromotedKey> promoted;
    /** Events appended since promotions were last reviewed, and how many trigger the next review. */
    private long sinceReview;
    private long reviewEvery = 1_000;

    ReplicaFeed(DuckDBConnection connection, FeedSource source, ReadWriteLock lock) throws SQLException {
        this.connection = connection;
        this.source = source;
        this.lock = lock;
        this.cursor = ReplicaSchema.cursor(connection);
        this.promoted = List.copyOf(Promotions.load(connection));
    }

    FeedCursor cursor() {
        return cursor;
    }

    List<PromotedKey> promoted() {
        return promoted;
    }

    /** Forgets the position (the replica was emptied for a rebuild). */
    void restart() {
        cursor = FeedCursor.START;
        mark = Mark.NONE;
    }

    /** Appends everything the row store holds past the cursor; answers events appended. */
    long follow(LongConsumer progress, BooleanSupplier closed, String identities) throws SQLException {
        return source.ordered() ? followOrdered(progress, closed) : followFinalised(progress, closed, identities);
    }

    /**
     * PostgreSQL: whether anything changed since the last completed follow, in one row-store read (identity
     * fingerprint, count and newest transaction of the events at or above its horizon, through the feed index).
     */
    boolean changed() {
        Mark m = mark;
        return m.from() < 0 || !source.state(m.from()).equals(m.state());
    }

    /**
     * SQLite: everything after the cursor, in order. While it is behind (a page came back full), the next page is
     * read from the row store on a second thread while this one appends the current page, so the row-store read
     * and the DuckDB append overlap instead of taking turns; the cursor still moves only after a page is in.
     */
    private long followOrdered(LongConsumer progress, BooleanSupplier closed) throws SQLException {
        long appended = 0;
        ExecutorService ahead = null;
        try {
            Future<List<FeedRow>> next = null;
            while (!closed.getAsBoolean()) {
                List<FeedRow> rows = next == null ? source.page(cursor, Long.MAX_VALUE, PAGE) : await(next);
                next = null;
                if (rows.isEmpty()) {
                    break;
                }
                FeedRow last = rows.getLast();
                FeedCursor after = new FeedCursor(last.position(), last.project(), last.eventId());
                if (rows.size() == PAGE) {
                    if (ahead == null) {
                        ahead = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("analytics-read-ahead")
                                .daemon().factory());
                    }
                    next = ahead.submit(() -> source.page(after, Long.MAX_VALUE, PAGE));
                }
                try {
                    append(rows);
                } catch (SQLException e) {
                    // Part of the page may be in (an Appender flush is atomic, a failed close is not all-or-nothing):
                    // go on from what the replica holds, never from what this call meant to append.
                    cursor = ReplicaSchema.cursor(connection);
                    throw e;
                }
                cursor = after;
                appended += rows.size();
                progress.accept(appended);
            }
        } finally {
            if (ahead != null) {
                // Waits for a read still running; its page is dropped (the next follow reads it again).
                ahead.close();
            }
        }
        return appended;
    }

    /**
     * The page a read-ahead fetched, with its failure rethrown as this thread's own; none when this thread is
     * interrupted (the replica is closing), which ends the follow with the cursor after the last appended page.
     */
    private static List<FeedRow> await(Future<List<FeedRow>> page) {
        try {
            return page.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /**
     * PostgreSQL: every committed event at or above the safe position, skipping those already appended, so an
     * event is counted as soon as its transaction commits even while an older transaction (anywhere in the
     * cluster) is still running; then the safe position moves up to the oldest running transaction, below which
     * nothing can appear any more (DESIGN.md's follow-by-id pitfall).
     */
    private long followFinalised(LongConsumer progress, BooleanSupplier closed, String identities)
            throws SQLException {
        long safe = ReplicaSchema.safe(connection);
        long horizon = source.horizon();
        // Read after the horizon and before the pages: whatever commits later changes it; whatever committed
        // before, the pages below read.
        Mark next = new Mark(horizon, identities + source.events(horizon));
        Set<String> have = ReplicaSchema.keysFrom(connection, safe);
        FeedCursor at = new FeedCursor(safe, "", "");
        long appended = 0;
        while (!closed.getAsBoolean()) {
            List<FeedRow> rows = source.page(at, Long.MAX_VALUE, PAGE);
            if (rows.isEmpty()) {
                break;
            }
            FeedRow last = rows.getLast();
            at = new FeedCursor(last.position(), last.project(), last.eventId());
            List<FeedRow> fresh = rows.stream().filter(r -> !have.contains(r.project() + '\u0000' + r.eventId())).toList();
            append(fresh);
            appended += fresh.size();
            progress.accept(appended);
        }
        cursor = at;
        if (!closed.getAsBoolean() && horizon > safe) {
            ReplicaSchema.safe(connection, horizon);
        }
        if (!closed.getAsBoolean()) {
            mark = next;
        }
        return appended;
    }

    /** Appends (see {@link EventAppender}), then reviews promotions when enough events arrived since the last. */
    private void append(List<FeedRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        lock.readLock().lock();
        try {
            EventAppender.append(connection, rows, promoted);
        } finally {
            lock.readLock().unlock();
        }
        sinceReview += rows.size();
        if (sinceReview >= reviewEvery) {
            review();
        }
    }

    /** Promotes frequent, stably typed keys (see {@link Promotions}); readers wait while columns are added. */
    private void review() throws SQLException {
        sinceReview = 0;
        reviewEvery = Math.min(reviewEvery * 2, 1_000_000);
        lock.writeLock().lock();
        try {
            if (Promotions.review(connection)) {
                promoted = List.copyOf(Promotions.load(connection));
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
