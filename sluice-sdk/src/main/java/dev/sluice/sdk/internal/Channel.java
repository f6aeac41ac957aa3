package dev.sluice.sdk.internal;

import dev.sluice.sdk.DropReason;
import dev.sluice.sdk.SluiceError;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

/**
 * One family's pipeline: a bounded queue filled by application threads ({@link #offer} — an enqueue and a
 * counter, nothing more) and drained by one sender thread that batches, sends, retries and accounts.
 *
 * <p>The sender logic is {@link #step(long)}: given "now" it sends at most one batch and says how long to wait
 * before the next step. Unit tests drive it with a fake clock and a fake transport, no threads, no sleeps.
 */
public final class Channel<T> {

    /** Returned by {@link #step} when nothing is queued: park until woken. */
    public static final long IDLE = Long.MAX_VALUE;

    private final Accounting books;
    private final int maxBatch;
    private final long maxWaitMs;
    private final int maxQueue;
    private final Encoder<T> encoder;
    private final Transport transport;
    private final RetryPolicy policy;
    private final CircuitBreaker breaker;
    private final Clock clock;
    private final boolean pauseOnAnyRetryAfter;
    private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger depth = new AtomicInteger();
    private volatile boolean closing;
    private volatile Thread sender;
    private volatile boolean stopped;

    // sender state, guarded by "this"
    private final ArrayDeque<Batch<T>> ready = new ArrayDeque<>();
    private Batch<T> inFlight;
    private long timerStartMs = -1;
    private long pauseUntilMs;
    private boolean flushRequested;
    private long closeDeadlineMs = Long.MAX_VALUE;

    public Channel(Accounting books, int maxBatch, long maxWaitMs, int maxQueue, Encoder<T> encoder,
                   Transport transport, RetryPolicy policy, CircuitBreaker breaker, Clock clock,
                   boolean pauseOnAnyRetryAfter) {
        this.books = books;
        this.maxBatch = maxBatch;
        this.maxWaitMs = maxWaitMs;
        this.maxQueue = maxQueue;
        this.encoder = encoder;
        this.transport = transport;
        this.policy = policy;
        this.breaker = breaker;
        this.clock = clock;
        this.pauseOnAnyRetryAfter = pauseOnAnyRetryAfter;
    }

    /** For deterministic tests. */
    public void jitter(DoubleSupplier jitter) {
        this.jitter = jitter;
    }

    // ---------------------------------------------------------------- application side

    /** Enqueues {@code item}; never blocks, never throws. When full, the oldest item is dropped and reported. */
    public boolean offer(T item) {
        if (closing) {
            SluiceError e = SluiceError.of(books.family(), DropReason.CLOSED, "capture after close()");
            books.refuse(e, item);
            encoderDropped(List.of(item), e);
            return false;
        }
        books.accept();
        queue.offer(item);
        int n = depth.incrementAndGet();
        if (n > maxQueue) {
            T oldest = queue.poll();
            if (oldest != null) {
                depth.decrementAndGet();
                SluiceError e = SluiceError.of(books.family(), DropReason.QUEUE_FULL,
                        "queue overflow: dropped oldest item (maxQueueSize " + maxQueue + ")");
                books.dropAccepted(e, List.of(oldest));
                encoderDropped(List.of(oldest), e);
            }
        }
        if (n == 1 || n == maxBatch) {
            wake(); // first item arms the timer; a full batch goes now
        }
        return true;
    }

    public int queued() {
        return depth.get() + retryingItems();
    }

    private synchronized int retryingItems() {
        int n = inFlight == null ? 0 : inFlight.items.size();
        for (Batch<T> b : ready) {
            n += b.items.size();
        }
        return n;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Server-driven pause (TraceStax directives): nothing is sent before {@code untilMs}; items stay queued. */
    public synchronized void pauseUntil(long untilMs) {
        pauseUntilMs = Math.max(pauseUntilMs, untilMs);
    }

    /** Sends everything accepted so far, waiting up to {@code timeout}; true when all of it settled. */
    public boolean flush(Duration timeout) {
        long target = books.acceptedCount();
        synchronized (this) {
            flushRequested = true;
        }
        breaker.requestProbe(); // a caller waiting on flush should not wait out the breaker's interval
        wake();
        return books.awaitSettled(target, timeout.toNanos());
    }

    // ---------------------------------------------------------------- sender thread

    /** Starts the sender thread (a daemon: telemetry must never keep a JVM alive). */
    public void start(String name) {
        Thread t = new Thread(this::run, name);
        t.setDaemon(true);
        sender = t;
        t.start();
    }

    private void run() {
        while (!stopped) {
            long wait;
            try {
                wait = step(clock.millis());
            } catch (Throwable t) { // never let the sender die silently
                SdkLog.warn("sender", "sender step failed", t);
                wait = 100;
            }
            if (stopped) {
                return;
            }
            if (wait > 0) {
                LockSupport.parkNanos(this, wait == IDLE ? Long.MAX_VALUE : Math.min(wait, 60_000) * 1_000_000L);
            }
        }
    }

    private void wake() {
        Thread t = sender;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Sends at most one batch; returns milliseconds until the next step is useful (0 = now). */
    public long step(long now) {
        Batch<T> batch;
        synchronized (this) {
            long overdue = closing ? now - closeDeadlineMs : -1;
            if (!ready.isEmpty()) {
                Batch<T> head = ready.peekFirst();
                if (now < head.notBeforeMs && overdue < 0) {
                    return Math.min(head.notBeforeMs - now, closing ? closeDeadlineMs - now : Long.MAX_VALUE);
                }
                if (!closing && !breaker.allow(Instant.ofEpochMilli(now))) {
                    return Math.max(1, breaker.waitTime(Instant.ofEpochMilli(now)).toMillis());
                }
                batch = ready.pollFirst();
            } else {
                if (!closing && pauseUntilMs > now) {
                    return pauseUntilMs - now;
                }
                int n = depth.get();
                if (n == 0) {
                    timerStartMs = -1;
                    flushRequested = false;
                    return IDLE;
                }
                if (timerStartMs < 0) {
                    timerStartMs = now;
                }
                boolean due = n >= maxBatch || flushRequested || closing || now - timerStartMs >= maxWaitMs;
                if (!due) {
                    return timerStartMs + maxWaitMs - now;
                }
                if (!closing && !breaker.allow(Instant.ofEpochMilli(now))) {
                    return Math.max(1, breaker.waitTime(Instant.ofEpochMilli(now)).toMillis());
                }
                batch = take(now);
                if (batch == null) {
                    return 0;
                }
            }
            inFlight = batch;
        }
        send(batch);
        return 0;
    }

    /** Drains up to maxBatch items and encodes them, splitting batches that exceed the body limit. */
    private Batch<T> take(long now) {
        List<T> items = new ArrayList<>(Math.min(maxBatch, depth.get()));
        T item;
        while (items.size() < maxBatch && (item = queue.poll()) != null) {
            items.add(item);
        }
        depth.addAndGet(-items.size());
        timerStartMs = depth.get() > 0 ? now : -1;
        if (items.isEmpty()) {
            return null;
        }
        List<Batch<T>> encoded = encodeWithin(items, now);
        for (int i = encoded.size() - 1; i >= 1; i--) {
            ready.addFirst(encoded.get(i));
        }
        return encoded.isEmpty() ? null : encoded.get(0);
    }

    private List<Batch<T>> encodeWithin(List<T> items, long now) {
        HttpCall call;
        try {
            call = encoder.encode(items);
        } catch (RuntimeException e) {
            if (items.size() > 1) { // isolate the one bad item instead of losing its neighbours
                List<Batch<T>> out = new ArrayList<>();
                for (T one : items) {
                    out.addAll(encodeWithin(List.of(one), now));
                }
                return out;
            }
            settleDrop(new Batch<>(items, null, now), new SluiceError(books.family(), DropReason.INTERNAL,
                    "encoding failed: " + e, OptionalInt.empty(), Optional.of(e)));
            return List.of();
        }
        if (call.body().length > encoder.maxBodyBytes()) {
            if (items.size() == 1) {
                settleDrop(new Batch<>(items, null, now), SluiceError.of(books.family(), DropReason.TOO_LARGE,
                        "item encodes to " + call.body().length + " bytes, limit " + encoder.maxBodyBytes()));
                return List.of();
            }
            int half = items.size() / 2;
            List<Batch<T>> out = new ArrayList<>(encodeWithin(items.subList(0, half), now));
            out.addAll(encodeWithin(items.subList(half, items.size()), now));
            return out;
        }
        return List.of(new Batch<>(List.copyOf(items), call, now));
    }

    private void send(Batch<T> batch) {
        HttpResult result = null;
        Exception failure = null;
        try {
            result = transport.send(batch.call);
        } catch (IOException | RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) { // close() gave up on this request; abandon() reported it
            Thread.currentThread().interrupt();
            return;
        }
        long now = clock.millis();
        int status = result == null ? RetryPolicy.IO_ERROR : result.status();
        Optional<Duration> retryAfter = result == null ? Optional.empty()
                : RetryAfter.from(result.headers(), Instant.ofEpochMilli(now));
        synchronized (this) {
            inFlight = null;
            if (batch.settled) {
                return;
            }
            if (retryAfter.isPresent() && (pauseOnAnyRetryAfter || status >= 400)) {
                pauseUntilMs = Math.max(pauseUntilMs, now + retryAfter.get().toMillis());
            }
            batch.attempts++;
            RetryPolicy.Decision d = policy.decide(status, batch.attempts, Duration.ofMillis(now - batch.firstAttemptMs),
                    retryAfter, jitter.getAsDouble());
            switch (d) {
                case RetryPolicy.Decision.Done done -> {
                    breaker.onSuccess();
                    batch.settled = true;
                    try {
                        encoder.delivered(batch.items, result);
                    } catch (RuntimeException e) {
                        SdkLog.warn("delivered", "outcome handling failed", e);
                    }
                    books.delivered(batch.items.size());
                }
                case RetryPolicy.Decision.Retry retry -> {
                    breaker.onFailure(Instant.ofEpochMilli(now));
                    long at = now + retry.delay().toMillis();
                    if (closing && at >= closeDeadlineMs) {
                        settleDrop(batch, error(DropReason.UNDELIVERED_AT_CLOSE, status, result, failure));
                    } else {
                        batch.notBeforeMs = at;
                        ready.addFirst(batch); // ahead of newer items: order is kept
                    }
                }
                case RetryPolicy.Decision.GiveUp giveUp -> {
                    if (RetryPolicy.retryable(status)) {
                        breaker.onFailure(Instant.ofEpochMilli(now));
                    }
                    settleDrop(batch, error(giveUp.reason(), status, result, failure));
                }
            }
        }
    }

    private SluiceError error(DropReason reason, int status, HttpResult result, Exception failure) {
        String msg = result != null ? encoder.describe(result) : String.valueOf(failure);
        return new SluiceError(books.family(), reason, msg,
                status == RetryPolicy.IO_ERROR ? OptionalInt.empty() : OptionalInt.of(status), Optional.ofNullable(failure));
    }

    private void settleDrop(Batch<T> batch, SluiceError error) {
        batch.settled = true;
        books.dropAccepted(error, batch.items); // counted now; onError runs on the reporter thread, then it settles
        encoderDropped(batch.items, error);
    }

    private void encoderDropped(List<T> items, SluiceError error) {
        try {
            encoder.dropped(items, error);
        } catch (RuntimeException e) {
            SdkLog.warn("dropped", "drop handling failed", e);
        }
    }

    // ---------------------------------------------------------------- closing, in phases

    /** Phase 1: refuse new items, send everything queued now, retry only within {@code deadlineMs}. */
    public void beginClose(long deadlineMs) {
        synchronized (this) {
            closeDeadlineMs = deadlineMs;
            closing = true;
        }
        wake();
    }

    /** Phase 2 (real time): wait until everything accepted has settled, at most {@code timeout}. */
    public boolean awaitDrained(Duration timeout) {
        return books.awaitSettled(books.acceptedCount(), timeout.toNanos());
    }

    /** Phase 3: report whatever is still queued, waiting or in flight, and stop the sender. Returns that count. */
    public int abandon() {
        List<T> leftovers = new ArrayList<>();
        synchronized (this) {
            stopped = true;
            if (inFlight != null && !inFlight.settled) {
                inFlight.settled = true;
                leftovers.addAll(inFlight.items);
            }
            for (Batch<T> b : ready) {
                b.settled = true;
                leftovers.addAll(b.items);
            }
            ready.clear();
            T item;
            while ((item = queue.poll()) != null) {
                depth.decrementAndGet();
                leftovers.add(item);
            }
        }
        Thread t = sender;
        if (t != null) {
            t.interrupt(); // cancels an in-flight HttpClient.send
        }
        if (!leftovers.isEmpty()) {
            SluiceError e = SluiceError.of(books.family(), DropReason.UNDELIVERED_AT_CLOSE,
                    "client closed with " + leftovers.size() + " undelivered item(s)");
            books.dropAccepted(e, leftovers);
            encoderDropped(leftovers, e);
        }
        return leftovers.size();
    }
}
