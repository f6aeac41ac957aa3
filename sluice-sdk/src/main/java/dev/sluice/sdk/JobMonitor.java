package dev.sluice.sdk;

import dev.sluice.sdk.internal.Ids;
import dev.sluice.sdk.internal.JobItem;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * Wraps jobs so that each run reports {@code started}, then {@code succeeded} or {@code failed} (with the
 * duration and the error), and {@code retried} between attempts. The job's own result and exceptions pass
 * through unchanged: monitoring never alters what the job does.
 */
public final class JobMonitor {

    private final String queue;
    private final Clock clock;
    private final Consumer<JobItem> sink;
    private final Errors errors;

    JobMonitor(String queue, Clock clock, Consumer<JobItem> sink, Errors errors) {
        this.queue = queue;
        this.clock = clock;
        this.sink = sink;
        this.errors = errors;
    }

    Errors errors() {
        return errors;
    }

    /** The queue this monitor reports jobs under. */
    public String queue() {
        return queue;
    }

    /**
     * A runnable that reports a run named {@code name} ({@code started}, then {@code succeeded} or {@code failed}
    * with the error) around {@code job}. Exceptions of the job are rethrown unchanged after being reported.
     */
    public Runnable wrap(String name, Runnable job) {
        return () -> {
            Run run = start(name, Ids.hex(16), 1);
            try {
                job.run();
            } catch (Throwable t) {
                run.failed(t);
                throw t;
            }
            run.succeeded();
        };
    }

    /**
     * As {@link #wrap(String, Runnable)} for a {@link Callable}: the result passes through; exceptions are
    * reported, then rethrown unchanged.
     */
    public <V> Callable<V> wrap(String name, Callable<V> job) {
        return () -> {
            Run run = start(name, Ids.hex(16), 1);
            V v;
            try {
                v = job.call();
            } catch (Throwable t) {
                run.failed(t);
                throw t;
            }
            run.succeeded();
            return v;
        };
    }

    /**
     * Runs {@code job} up to {@code maxAttempts} times in this thread, reporting {@code retried} for each
     * failure before the last attempt, and {@code failed} if the last one fails (its exception is rethrown).
     */
    public <V> V runWithRetries(String name, int maxAttempts, Callable<V> job) throws Exception {
        String id = Ids.hex(16);
        for (int attempt = 1; ; attempt++) {
            Run run = start(name, id, attempt);
            try {
                V v = job.call();
                run.succeeded();
                return v;
            } catch (Exception e) {
                if (attempt >= maxAttempts) {
                    run.failed(e);
                    throw e;
                }
                run.retried(e);
            }
        }
    }

    /** An executor whose every task is monitored, named after the task's class. */
    public ExecutorService decorate(ExecutorService executor) {
        return new MonitoredExecutorService(executor, this);
    }

    /** Starts a run by hand, for job frameworks with their own callbacks. */
    public Run start(String name, String taskId, int attempt) {
        return new Run(name == null ? "unknown" : name, taskId, attempt, Optional.empty(), Optional.empty());
    }

    /** Starts a child run (lineage: parent and chain ids are sent with each event). */
    public Run startChild(String name, String taskId, int attempt, String parentId, String chainId) {
        return new Run(name, taskId, attempt, Optional.ofNullable(parentId), Optional.ofNullable(chainId));
    }

    /** One run of one job. Each terminal method reports once; later calls are ignored. */
    public final class Run {
        private final String name;
        private final String id;
        private final int attempt;
        private final Optional<String> parent;
        private final Optional<String> chain;
        private final long start;
        private boolean done;

        private Run(String name, String id, int attempt, Optional<String> parent, Optional<String> chain) {
            this.name = name;
            this.id = id;
            this.attempt = attempt;
            this.parent = parent;
            this.chain = chain;
            this.start = clock.millis();
            emit("started", 0, null);
        }

        /** The run's task id (what the server groups its events by). */
        public String id() {
            return id;
        }

        /** Reports the run finished successfully, with its duration. Never throws. */
        public void succeeded() {
            finish("succeeded", null);
        }

        /** Reports the run failed with {@code error} (type, message, stack trace) and its duration. Never throws. */
        public void failed(Throwable error) {
            finish("failed", error);
        }

        /**
         * Reports that this attempt failed with {@code error} and will be retried (the next attempt is a new
        * {@link Run} with the same id and attempt + 1). Never throws.
         */
        public void retried(Throwable error) {
            finish("retried", error);
        }

        private synchronized void finish(String status, Throwable error) {
            if (done) {
                return;
            }
            done = true;
            emit(status, Math.max(0, clock.millis() - start), error);
        }

        private void emit(String status, long durationMs, Throwable error) {
            sink.accept(new JobItem.TaskEvent(status, name, id, queue, attempt, durationMs, error, parent, chain,
                    clock.instant()));
        }
    }
}
