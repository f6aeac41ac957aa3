package dev.sluice.sdk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link ExecutorService} decorator from {@link JobMonitor#decorate}: every task is monitored as a job run
 * and runs with a fork of the submitting thread's error scope ({@link Errors#wrap}), so breadcrumbs, tags and
 * the user of the request that submitted it follow it onto the pool thread.
 */
final class MonitoredExecutorService implements ExecutorService {

    private final ExecutorService delegate;
    private final JobMonitor monitor;

    MonitoredExecutorService(ExecutorService delegate, JobMonitor monitor) {
        this.delegate = delegate;
        this.monitor = monitor;
    }

    private Runnable wrap(Runnable r) {
        return monitor.errors().wrap(monitor.wrap(r.getClass().getName(), r));
    }

    private <T> Callable<T> wrap(Callable<T> c) {
        return monitor.errors().wrap(monitor.wrap(c.getClass().getName(), c));
    }

    private <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks) {
        List<Callable<T>> out = new ArrayList<>(tasks.size());
        for (Callable<T> c : tasks) {
            out.add(wrap(c));
        }
        return out;
    }

    @Override public void execute(Runnable command) { delegate.execute(wrap(command)); }
    @Override public Future<?> submit(Runnable task) { return delegate.submit(wrap(task)); }
    @Override public <T> Future<T> submit(Runnable task, T result) { return delegate.submit(wrap(task), result); }
    @Override public <T> Future<T> submit(Callable<T> task) { return delegate.submit(wrap(task)); }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return delegate.invokeAll(wrapAll(tasks));
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return delegate.invokeAll(wrapAll(tasks), timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        return delegate.invokeAny(wrapAll(tasks));
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return delegate.invokeAny(wrapAll(tasks), timeout, unit);
    }

    @Override public void shutdown() { delegate.shutdown(); }
    @Override public List<Runnable> shutdownNow() { return delegate.shutdownNow(); }
    @Override public boolean isShutdown() { return delegate.isShutdown(); }
    @Override public boolean isTerminated() { return delegate.isTerminated(); }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
    }
}
