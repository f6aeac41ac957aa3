package dev.sluice.server.retention;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.RetentionQueries;
import dev.sluice.server.periodic.Periodic;
import dev.sluice.store.DataFamily;
import dev.sluice.store.Dialect;
import dev.sluice.store.Project;
import dev.sluice.store.RetentionWrites;
import dev.sluice.store.Store;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes raw data past each project's retention, family by family, in small transactions sized by time
 * ({@link Pacer}: about {@value #TARGET_MS} ms each, however many rows that is) with a pause at least as long
 * between them, so the ingest writer — which shares SQLite's single write lock — waits at most one short batch
 * and gets at least half of the writer's time. Between batches the WAL is checkpointed ({@link Store#checkpoint},
 * without the write lock), so an ingest commit never inherits a large automatic checkpoint. Issues, runs and
 * counters are kept, so counts stay right; error events keep a sample per issue. Afterwards SQLite gives freed
 * pages back ({@code PRAGMA incremental_vacuum}, paced the same way), and the gauges
 * {@code sluice_retention_bytes{family}} and {@code sluice_retention_oldest_seconds{family}} are refreshed.
 */
public final class RetentionRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionRunner.class);
    /** Rows of the first purge batch; later ones follow {@link #TARGET_MS}. */
    static final int BATCH = 1000;
    /** How long one purge or reclaim transaction should hold the write lock. */
    static final int TARGET_MS = 20;
    /** Checkpoint the WAL between batches at most this often (each one costs an fsync). */
    /** Replica positions read per query when purging analytics events (SQLite). */
    private static final int POSITIONS_PAGE = 50_000;
    private static final long CHECKPOINT_EVERY_NANOS = Duration.ofMillis(500).toNanos();

    /**
     * What one project and family lose (or would lose, in a dry run): rows before {@code cutoffMillis}, which is
     * the days' cutoff or, when the family's estimated size ({@code estimatedBytes}, -1 unknown) is over its
     * cap ({@code maxBytes}, 0 none), the later one that brings it under ({@code bySize}).
     */
    public record Result(String project, DataFamily family, int days, long maxBytes, long estimatedBytes,
                         long cutoffMillis, boolean bySize, long rows) {
    }

    private final Store store;
    private final Optional<AnalyticsReplica> replica;
    private final Clock clock;
    private final RetentionQueries queries;
    private final Duration pause;
    /** When the WAL was last checkpointed between batches ({@link System#nanoTime}: pacing, not a date). */
    private long lastCheckpoint = System.nanoTime();
    private final Map<DataFamily, AtomicLong> bytes = new EnumMap<>(DataFamily.class);
    private final Map<DataFamily, AtomicLong> oldest = new EnumMap<>(DataFamily.class);

    private RetentionRunner(Store store, Optional<AnalyticsReplica> replica, Clock clock, Duration pause) {
        this.store = store;
        this.replica = replica;
        this.clock = clock;
        this.queries = RetentionQueries.create(store, replica);
        this.pause = pause;
        for (DataFamily f : DataFamily.values()) {
            bytes.put(f, new AtomicLong(-1));
            oldest.put(f, new AtomicLong(-1));
        }
    }

    /** A runner; {@code pause} is the breath between batches. */
    public static RetentionRunner create(Store store, Clock clock, Duration pause) {
        return new RetentionRunner(store, Optional.empty(), clock, pause);
    }

    /**
     * A runner that also purges this node's analytics replica: its rows go with the analytics family's (same
     * cutoff, deleted even when the row store had nothing left to delete, so a purge made by the CLI while the
     * server held the replica catches up), then DuckDB checkpoints.
     */
    public static RetentionRunner create(Store store, AnalyticsReplica replica, Clock clock, Duration pause) {
        return new RetentionRunner(store, Optional.of(replica), clock, pause);
    }

    /**
     * Registers the gauges (-1 until first measured, after five seconds) and purges every {@code every}, first
     * after a minute, until the answer is closed.
     */
    public Periodic start(MeterRegistry registry, Duration every) {
        for (DataFamily f : DataFamily.values()) {
            Gauge.builder("sluice_retention_bytes", bytes.get(f), AtomicLong::get).tag("family", f.id())
                    .description("approximate bytes of the family's table and indexes").register(registry);
            Gauge.builder("sluice_retention_oldest_seconds", oldest.get(f), a -> a.get() < 0 ? -1 : a.get() / 1000.0)
                    .tag("family", f.id()).description("epoch seconds of the oldest retained row").register(registry);
        }
        return Periodic.start("sluice-retention", clock, Duration.ofMinutes(1), every, now -> run(false, now))
                .once(Duration.ofSeconds(5), now -> measure());
    }

    /** Purges (or, with {@code dryRun}, counts) everything past retention now. */
    public List<Result> run(boolean dryRun) {
        return run(dryRun, clock.millis());
    }

    private List<Result> run(boolean dryRun, long now) {
        List<Result> out = new ArrayList<>();
        Map<Project, Integer> keyDays = new java.util.LinkedHashMap<>();
        for (Project p : store.listProjects()) {
            for (Map.Entry<DataFamily, RetentionQueries.Limit> e : queries.limits(p.id()).entrySet()) {
                if (e.getKey() == DataFamily.DEDUPE_KEYS && !dryRun) {
                    keyDays.put(p, e.getValue().days()); // every project's keys go in one pass, below
                    continue;
                }
                Result r = one(p, e.getKey(), e.getValue(), now, dryRun);
                out.add(r);
                if (r.rows() > 0 && !dryRun) {
                    LOG.info("event=retention_purged project={} family={} rows={} by_size={}", p.name(),
                            r.family().id(), r.rows(), r.bySize());
                }
            }
        }
        if (!dryRun) {
            for (Result r : DedupeKeys.purge(store, keyDays, now, this::breathe, pause)) {
                out.add(r);
                if (r.rows() > 0) {
                    LOG.info("event=retention_purged project={} family={} rows={} by_size=false", r.project(),
                            r.family().id(), r.rows());
                }
            }
            reclaim();
            replica.ifPresent(AnalyticsReplica::reclaim);
            measure();
        }
        return out;
    }

    private Result one(Project p, DataFamily family, RetentionQueries.Limit limit, long now, boolean dryRun) {
        long cutoff = now - Duration.ofDays(limit.days()).toMillis();
        boolean bySize = false;
        long estimated = -1;
        if (limit.maxBytes() > 0) {
            java.util.OptionalDouble perRow = queries.rowBytes(p.id(), family);
            if (perRow.isPresent() && perRow.getAsDouble() > 0) {
                long rows = queries.rows(p.id(), family);
                estimated = Math.round(rows * perRow.getAsDouble());
                long keep = (long) Math.floor(limit.maxBytes() / perRow.getAsDouble());
                long sizeCutoff = queries.cutoffRemoving(p.id(), family, rows - keep).orElse(Long.MIN_VALUE);
                if (sizeCutoff > cutoff) {
                    cutoff = sizeCutoff;
                    bySize = true;
                }
            } else {
                LOG.warn("event=retention_size_unknown project={} family={}", p.name(), family.id());
            }
        }
        long rows = dryRun ? queries.wouldDelete(p.id(), family, cutoff) : purge(p.id(), family, cutoff);
        if (!dryRun && family == DataFamily.ANALYTICS_EVENTS && replica.isPresent()) {
            replica.get().purge(p.id().value(), cutoff);
        }
        return new Result(p.name(), family, limit.days(), limit.maxBytes(), estimated, cutoff, bySize, rows);
    }

    /** Free pages back to the file system, paced like the purge (a page moved is a page written). */
    private void reclaim() {
        Pacer pacer = new Pacer(200, 16, 2_000, Duration.ofMillis(TARGET_MS), pause);
        while (true) {
            int want = pacer.size();
            long t0 = System.nanoTime();
            int freed = store.write(tx -> tx.retention().reclaim(want));
            if (freed < want || !breathe(pacer.done(System.nanoTime() - t0))) {
                store.checkpoint();
                return;
            }
        }
    }

    private long purge(ProjectId project, DataFamily family, long cutoff) {
        if (family == DataFamily.ANALYTICS_EVENTS && store.dialect() == Dialect.SQLITE) {
            return purgeAnalytics(project, cutoff);
        }
        return walk(project, family, cutoff, Optional.empty());
    }

    /**
     * SQLite analytics events have no time index (V230). The replica names the old events it holds by feed
     * position (a columnar scan), deleted by primary key in paced batches; the rows above its mark, which it
     * has not read yet, are walked by primary key. Without a replica, or when a rebuild starts meanwhile (its
     * positions would be incomplete), the walk covers every row.
     */
    private long purgeAnalytics(ProjectId project, long cutoff) {
        long deleted = 0;
        long from = 0;
        if (replica.isPresent()) {
            AnalyticsReplica r = replica.get();
            AnalyticsReplica.Mark mark = r.mark();
            Pacer pacer = new Pacer(BATCH, 50, 5_000, Duration.ofMillis(TARGET_MS), pause);
            boolean complete = mark.position() > 0;
            long after = 0;
            while (complete) {
                long[] page = r.olderThan(project.value(), cutoff, after, mark, POSITIONS_PAGE);
                if (!r.stable(mark)) {
                    complete = false;
                    break;
                }
                if (page.length == 0) {
                    break;
                }
                for (int i = 0; i < page.length; ) {
                    long[] chunk = java.util.Arrays.copyOfRange(page, i, Math.min(page.length, i + pacer.size()));
                    long t0 = System.nanoTime();
                    deleted += store.write(tx -> tx.retention().purgeAnalyticsAt(project, cutoff, chunk));
                    i += chunk.length;
                    if (!breathe(pacer.done(System.nanoTime() - t0))) {
                        return deleted;
                    }
                }
                after = page[page.length - 1];
            }
            from = complete ? mark.position() : 0;
        }
        return deleted + walk(project, DataFamily.ANALYTICS_EVENTS, cutoff,
                from == 0 ? Optional.empty() : Optional.of(Long.toString(from)));
    }

    private long walk(ProjectId project, DataFamily family, long cutoff, Optional<String> start) {
        Pacer pacer = new Pacer(BATCH, 50, 5_000, Duration.ofMillis(TARGET_MS), pause);
        long deleted = 0;
        Optional<String> after = start;
        while (true) {
            Optional<String> from = after;
            int limit = pacer.size();
            long t0 = System.nanoTime();
            RetentionWrites.Purged p = store.write(tx -> tx.retention().purgeBatch(project, family, cutoff, from, limit));
            long took = System.nanoTime() - t0;
            deleted += p.deleted();
            if (p.scanned() < limit) {
                return deleted;
            }
            after = p.after();
            if (!breathe(pacer.done(took))) {
                return deleted;
            }
        }
    }

    /**
     * The pause between two batches: first a WAL checkpoint when one is due (outside the write lock, so ingest
     * commits meanwhile), then sleep what is left of {@code nanos}. False when interrupted.
     */
    boolean breathe(long nanos) {
        long t0 = System.nanoTime();
        if (t0 - lastCheckpoint > CHECKPOINT_EVERY_NANOS) {
            store.checkpoint();
            lastCheckpoint = System.nanoTime();
        }
        long left = nanos - (System.nanoTime() - t0);
        if (left > 0) {
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Refreshes the gauges (a scan of table sizes: done here, never on a scrape). */
    void measure() {
        try {
            for (DataFamily f : DataFamily.values()) {
                bytes.get(f).set(queries.bytes(f).orElse(-1));
                oldest.get(f).set(queries.oldest(f).orElse(-1));
            }
        } catch (RuntimeException e) {
            LOG.warn("event=retention_measure_error error=\"{}\"", e.toString());
        }
    }
}
