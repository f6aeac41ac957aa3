package dev.sluice.sdk.internal;

import dev.sluice.sdk.DropReason;
import dev.sluice.sdk.ErrorHandler;
import dev.sluice.sdk.SluiceError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands drop reports to the user's {@link ErrorHandler} on one SDK thread, so a capture that drops (queue full,
 * invalid input, after close) costs the application thread an enqueue, not the callback — an overflow once
 * made 179,779 callback calls on the callers' threads. The report queue is bounded; when it is full, further
 * drops are coalesced per family and reason into one later report ("N more item(s) dropped …") with no items,
 * so memory stays bounded and every dropped item is still counted and reported.
 *
 * <p>Accepted items count as settled only after their report ran, so when {@code flush()} or {@code close()}
 * see everything settled, the callback has seen every drop.
 */
public final class DropReports {

    private final ErrorHandler handler;
    private final BlockingQueue<Report> queue;
    private final Map<Key, Tally> coalesced = new ConcurrentHashMap<>();
    private final AtomicLong pending = new AtomicLong();
    private final boolean direct;

    private record Report(Accounting books, SluiceError error, List<?> items, boolean accepted) {}

    private record Key(Accounting books, DropReason reason, boolean accepted) {}

    /** Items and reports folded into one coalesced report. */
    private record Tally(AtomicLong items, AtomicLong reports) {
        Tally() {
            this(new AtomicLong(), new AtomicLong());
        }
    }

    private DropReports(ErrorHandler handler, int capacity, boolean direct) {
        this.handler = handler;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
        this.direct = direct;
    }

    /** Reports on the calling thread (deterministic unit tests of the engine). */
    public static DropReports direct(ErrorHandler handler) {
        return new DropReports(handler, 1, true);
    }

    /** Reports on a daemon thread, holding at most {@code capacity} reports before coalescing. */
    public static DropReports async(ErrorHandler handler, int capacity) {
        DropReports r = new DropReports(handler, capacity, false);
        Thread t = new Thread(r::run, "sluice-drop-reports");
        t.setDaemon(true); // telemetry must never keep a JVM alive
        t.start();
        return r;
    }

    void submit(Accounting books, SluiceError error, List<?> items, boolean accepted) {
        if (direct) {
            deliver(books, error, items, accepted);
            return;
        }
        pending.incrementAndGet();
        if (!queue.offer(new Report(books, error, items, accepted))) {
            Tally t = coalesced.computeIfAbsent(new Key(books, error.reason(), accepted), k -> new Tally());
            t.items().addAndGet(items.size());
            t.reports().incrementAndGet();
        }
    }

    /** Waits until every report submitted so far has run; false on timeout. */
    public boolean awaitIdle(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void run() {
        while (true) {
            try {
                Report r = queue.poll(50, TimeUnit.MILLISECONDS);
                if (r != null) {
                    deliver(r.books(), r.error(), r.items(), r.accepted());
                    pending.decrementAndGet();
                }
                if (queue.isEmpty() && !coalesced.isEmpty()) {
                    deliverCoalesced();
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) { // never let the reporter die
                SdkLog.warn("drop-reports", "drop report failed", t);
            }
        }
    }

    private void deliverCoalesced() {
        for (Key k : List.copyOf(coalesced.keySet())) {
            Tally t = coalesced.remove(k);
            if (t == null) {
                continue;
            }
            long items = t.items().get();
            SluiceError e = SluiceError.of(k.books().family(), k.reason(), items
                    + " more item(s) dropped while the drop-report queue was full (items not listed)");
            k.books().deliverReport(handler, e, items, List.of(), k.accepted());
            pending.addAndGet(-t.reports().get());
        }
    }

    private void deliver(Accounting books, SluiceError error, List<?> items, boolean accepted) {
        books.deliverReport(handler, error, items.size(), items, accepted);
    }
}
