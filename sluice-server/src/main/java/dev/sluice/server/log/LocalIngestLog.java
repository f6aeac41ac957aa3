package dev.sluice.server.log;

import dev.sluice.digest.BatchApplier;
import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.store.Store;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded log: a group-commit writer. Requests queue here; one writer thread takes everything queued
 * (up to {@code maxItemsPerCommit}), applies it in one store transaction, commits once, then completes every
 * waiting request. Under load, one fsync covers hundreds of requests; when idle, a lone request commits at
 * once. The queue is bounded in requests and in bytes: when full, {@link #append} fails fast (503).
 */
public final class LocalIngestLog implements IngestLog {

    private static final Logger LOG = LoggerFactory.getLogger(LocalIngestLog.class);

    private final Store store;
    private final BatchApplier applier;
    private final BlockingQueue<Pending> queue;
    private final long maxQueuedBytes;
    private final int maxItemsPerCommit;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Thread writer;
    private final Timer commitTimer;
    private final DistributionSummary commitItems;
    private final Counter commitFailures;
    private volatile boolean accepting = true;
    private volatile boolean stopped;

    private record Pending(IngestBatch batch, int sizeBytes, CompletableFuture<BatchOutcome> done) {
    }

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
        if (queuedBytes.addAndGet(sizeBytes) > maxQueuedBytes) {
            queuedBytes.addAndGet(-sizeBytes);
            throw new LogUnavailableException("ingest queue full", 1);
        }
        Pending pending = new Pending(batch, sizeBytes, new CompletableFuture<>());
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
        return pending.done;
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        while (!stopped || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                int items = first.batch.items().size();
                while (items < maxItemsPerCommit) {
                    Pending next = queue.poll();
                    if (next == null) {
                        break;
                    }
                    group.add(next);
                    items += next.batch.items().size();
                }
                commit(group, items);
            } catch (InterruptedException e) {
                // Only close() interrupts, after the queue has been drained or the deadline passed.
                break;
            } catch (Throwable t) {
                LOG.error("event=writer_error error=\"{}\"", t.toString(), t);
                group.forEach(p -> p.done.completeExceptionally(new LogUnavailableException("commit failed", t)));
            } finally {
                group.forEach(p -> queuedBytes.addAndGet(-p.sizeBytes));
                group.clear();
            }
        }
    }

    private void commit(List<Pending> group, int items) {
        List<IngestBatch> batches = group.stream().map(Pending::batch).toList();
        long start = System.nanoTime();
        try {
            List<BatchOutcome> outcomes = store.write(tx -> applier.apply(tx, batches));
            commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            commitItems.record(items);
            for (int i = 0; i < group.size(); i++) {
                group.get(i).done.complete(outcomes.get(i));
            }
        } catch (RuntimeException e) {
            commitFailures.increment();
            if (group.size() == 1) {
                LOG.warn("event=commit_failed requests=1 error=\"{}\"", e.getMessage());
                group.getFirst().done.completeExceptionally(new LogUnavailableException("commit failed", e));
                return;
            }
            // One bad request must not fail its neighbours: retry each alone, so only it fails.
            LOG.warn("event=commit_failed requests={} error=\"{}\" action=retry_individually", group.size(),
                    e.getMessage());
            for (Pending p : group) {
                commit(List.of(p), p.batch.items().size());
            }
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
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            p.done.completeExceptionally(new LogUnavailableException("shutting down", 5));
        }
    }
}
