package dev.sluice.server.log;

import dev.sluice.digest.BatchApplier;
import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.store.Store;
import dev.sluice.store.StoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded log: a group-commit writer. Requests queue here; one writer thread takes everything queued
 * (up to {@code maxItemsPerCommit}), applies it in one store transaction, commits once, then completes every
 * waiting request. Under load, one fsync covers hundreds of requests; when idle, a lone request commits at
 * once. The queue is bounded in requests and in bytes: when full, {@link #append} fails fast (503).
 *
 * <p>Failures: a deadlock or serialization failure (another node raced this transaction) runs the whole
 * group again, a few times, unseen by clients; an unreachable database answers the group and the queue 503 at
 * once and refuses new requests until a probe sees it back; any other failure retries each request alone so
 * that only the bad one fails. A request whose client stopped waiting before the writer took it is dropped,
 * never committed (see {@link PendingCommit}).
 */
public final class LocalIngestLog implements IngestLog {

    private static final Logger LOG = LoggerFactory.getLogger(LocalIngestLog.class);
    /** Attempts of one group commit that keeps losing deadlocks/serialization races before it gives up. */
    static final int MAX_ATTEMPTS = 8;
    /** What clients are told to wait while the store is down; the writer probes it far more often. */
    static final int OUTAGE_RETRY_AFTER_SECONDS = 2;
    private static final long PROBE_INTERVAL_MILLIS = 200;

    private final Store store;
    private final BatchApplier applier;
    private final BlockingQueue<PendingCommit> queue;
    private final long maxQueuedBytes;
    private final int maxItemsPerCommit;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Thread writer;
    private final Timer commitTimer;
    private final DistributionSummary commitItems;
    private final Counter commitFailures;
    private final Counter conflictRetries;
    private volatile boolean accepting = true;
    private volatile boolean stopped;
    /** Set when a commit found the database unreachable; cleared by the writer once a probe succeeds. */
    private volatile boolean storeDown;

    private LocalIngestLog(Store store, BatchApplier applier, Limits limits, MeterRegistry metrics) {
        this.store = store;
        this.applier = applier;
        this.queue = new ArrayBlockingQueue<>(limits.maxQueuedRequests());
        this.maxQueuedBytes = limits.maxQueuedBytes();
        this.maxItemsPerCommit = limits.maxItemsPerCommit();
        this.commitTimer = Timer.builder("sluice.commit.duration").description("store transaction time per commit")
                .publishPercentiles(0.5, 0.99).register(metrics);
        this.commitItems = DistributionSummary.builder("sluice.commit.items").description("items per commit")
                .register(metrics);
        this.commitFailures = Counter.builder("sluice.commit.failures").register(metrics);
        this.conflictRetries = Counter.builder("sluice.commit.retries").tag("cause", "conflict")
                .description("group commits run again after a deadlock or serialization failure").register(metrics);
        metrics.gauge("sluice.store.available", this, log -> log.storeDown ? 0 : 1);
        metrics.gauge("sluice.ingest.queue.depth", queue, BlockingQueue::size);
        metrics.gauge("sluice.ingest.queue.bytes", queuedBytes, AtomicLong::get);
        this.writer = Thread.ofPlatform().name("sluice-writer").unstarted(this::run);
    }

    /**
     * Bounds of the log.
     *
     * @param maxQueuedRequests requests waiting for a commit
     * @param maxQueuedBytes summed body sizes waiting for a commit
     * @param maxItemsPerCommit a commit takes whole requests until it holds at least this many items
     */
    public record Limits(int maxQueuedRequests, long maxQueuedBytes, int maxItemsPerCommit) {

        /** Defaults: 8,192 requests, 128 MiB, 2,000 items per commit. */
        public static Limits defaults() {
            return new Limits(8192, 128L << 20, 2000);
        }
    }

    /** Starts the writer thread. */
    public static LocalIngestLog start(Store store, BatchApplier applier, Limits limits, MeterRegistry metrics) {
        LocalIngestLog log = new LocalIngestLog(store, applier, limits, metrics);
        log.writer.start();
        return log;
    }

    @Override
    public CompletableFuture<BatchOutcome> append(IngestBatch batch, int sizeBytes) {
        if (!accepting) {
            throw new LogUnavailableException("shutting down", 5);
        }
        if (storeDown) {
            throw new LogUnavailableException("store unavailable", OUTAGE_RETRY_AFTER_SECONDS);
        }
        if (queuedBytes.addAndGet(sizeBytes) > maxQueuedBytes) {
            queuedBytes.addAndGet(-sizeBytes);
            throw new LogUnavailableException("ingest queue full", 1);
        }
        PendingCommit pending = new PendingCommit(batch, sizeBytes);
        if (!queue.offer(pending)) {
            queuedBytes.addAndGet(-sizeBytes);
            throw new LogUnavailableException("ingest queue full", 1);
        }
        // close() may have run between the accepting check and the offer: writer gone, queue already drained.
        // Nobody would ever complete this future, so take it back (unless close() just failed it itself).
        if (!writer.isAlive() && queue.remove(pending)) {
            queuedBytes.addAndGet(-sizeBytes);
            throw new LogUnavailableException("shutting down", 5);
        }
        return pending;
    }

    private void run() {
        List<PendingCommit> group = new ArrayList<>();
        while (!stopped || !queue.isEmpty()) {
            try {
                if (storeDown) {
                    awaitStore();
                    continue;
                }
                PendingCommit first = queue.poll(100, TimeUnit.MILLISECONDS);
                int items = 0;
                for (PendingCommit next = first; next != null; next = items < maxItemsPerCommit ? queue.poll() : null) {
                    if (next.take()) {
                        group.add(next);
                        items += next.batch().items().size();
                    } else {
                        // Its client gave up waiting (and was told so): it must never be committed.
                        queuedBytes.addAndGet(-next.sizeBytes());
                    }
                }
                if (!group.isEmpty()) {
                    commit(group, items);
                }
            } catch (InterruptedException e) {
                // Only close() interrupts, after the queue has been drained or the deadline passed.
                break;
            } catch (Throwable t) {
                LOG.error("event=writer_error error=\"{}\"", t.toString(), t);
                group.forEach(p -> p.completeExceptionally(new LogUnavailableException("commit failed", t)));
            } finally {
                group.forEach(p -> queuedBytes.addAndGet(-p.sizeBytes()));
                group.clear();
            }
        }
    }

    private void commit(List<PendingCommit> group, int items) {
        List<IngestBatch> batches = group.stream().map(PendingCommit::batch).toList();
        for (int attempt = 1; ; attempt++) {
            long start = System.nanoTime();
            try {
                List<BatchOutcome> outcomes = store.write(tx -> applier.apply(tx, batches));
                commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                commitItems.record(items);
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).complete(outcomes.get(i));
                }
                return;
            } catch (RuntimeException e) {
                commitFailures.increment();
                StoreException.Failure failure = StoreException.classify(e);
                if (failure == StoreException.Failure.CONFLICT && attempt < MAX_ATTEMPTS) {
                    // A deadlock or serialization failure with another node: nothing was committed, and the
                    // same work usually succeeds at once. The client never hears of it.
                    conflictRetries.increment();
                    LOG.debug("event=commit_conflict attempt={} requests={}", attempt, group.size());
                    backOff(attempt);
                    continue;
                }
                if (failure == StoreException.Failure.UNAVAILABLE) {
                    storeUnavailable(group, e);
                    return;
                }
                failed(group, items, e);
                return;
            }
        }
    }

    /** A commit failed for a reason other than the database being gone or a race it lost repeatedly. */
    private void failed(List<PendingCommit> group, int items, RuntimeException e) {
        if (group.size() == 1) {
            LOG.warn("event=commit_failed requests=1 error=\"{}\"", e.getMessage());
            group.getFirst().completeExceptionally(new LogUnavailableException("commit failed", e));
            return;
        }
        // One bad request must not fail its neighbours: retry each alone, so only it fails.
        LOG.warn("event=commit_failed requests={} items={} error=\"{}\" action=retry_individually", group.size(),
                items, e.getMessage());
        for (PendingCommit p : group) {
            if (storeDown) {
                p.completeExceptionally(new LogUnavailableException("store unavailable", OUTAGE_RETRY_AFTER_SECONDS));
            } else {
                commit(List.of(p), p.batch().items().size());
            }
        }
    }

    /**
     * The database is gone: answer this group and everything queued with 503 at once, and refuse new requests
     * until {@link #awaitStore()} sees it back. Retrying request by request would only make each client wait
     * for more connection timeouts.
     */
    private void storeUnavailable(List<PendingCommit> group, RuntimeException e) {
        if (!storeDown) {
            LOG.warn("event=store_unavailable error=\"{}\"", e.getMessage());
        }
        storeDown = true;
        LogUnavailableException why = new LogUnavailableException("store unavailable", OUTAGE_RETRY_AFTER_SECONDS);
        group.forEach(p -> p.completeExceptionally(why));
        failQueued(why);
    }

    /** While the store is down: fail whatever got queued meanwhile, and probe until the store answers. */
    private void awaitStore() throws InterruptedException {
        failQueued(new LogUnavailableException("store unavailable", OUTAGE_RETRY_AFTER_SECONDS));
        if (store.writable()) {
            storeDown = false;
            LOG.info("event=store_available");
            return;
        }
        if (stopped) {
            // Shutting down with the store gone: nothing queued can commit, and close() answers the rest.
            failQueued(new LogUnavailableException("shutting down", 5));
            throw new InterruptedException("stopped while the store is unavailable");
        }
        Thread.sleep(PROBE_INTERVAL_MILLIS);
    }

    private void failQueued(LogUnavailableException why) {
        for (PendingCommit p = queue.poll(); p != null; p = queue.poll()) {
            p.failIfQueued(why);
            queuedBytes.addAndGet(-p.sizeBytes());
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close(Duration deadline) {
        accepting = false;
        stopped = true;
        try {
            writer.join(deadline.toMillis());
            if (writer.isAlive()) {
                LOG.warn("event=drain_timeout queued={}", queue.size());
                writer.interrupt();
                writer.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failQueued(new LogUnavailableException("shutting down", 5));
    }
}
