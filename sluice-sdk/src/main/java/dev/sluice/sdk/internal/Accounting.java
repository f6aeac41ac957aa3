package dev.sluice.sdk.internal;

import dev.sluice.sdk.DropReason;
import dev.sluice.sdk.ErrorHandler;
import dev.sluice.sdk.Family;
import dev.sluice.sdk.SluiceError;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The books of one family: every accepted item ends as delivered or dropped-with-a-reason, and every drop
 * reaches the {@link ErrorHandler}. LongAdders keep the capture path contention-free.
 */
public final class Accounting {

    private final Family family;
    private final DropReports reports;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder settledDrops = new LongAdder();
    private final EnumMap<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    private final Object settleMonitor = new Object();
    private final EnumMap<DropReason, String> logKeys = new EnumMap<>(DropReason.class);

    /** Books that report drops on the thread that drops (unit tests of the engine). */
    public Accounting(Family family, ErrorHandler handler) {
        this(family, DropReports.direct(handler));
    }

    /** Books that hand drop reports to {@code reports} (the client's: off the application's threads). */
    public Accounting(Family family, DropReports reports) {
        this.family = family;
        this.reports = reports;
        for (DropReason r : DropReason.values()) {
            dropped.put(r, new LongAdder());
            logKeys.put(r, family + ":" + r);
        }
    }

    public Family family() {
        return family;
    }

    void accept() {
        accepted.increment();
    }

    /** Items that entered the queue so far. */
    public long accepted() {
        return accepted.sum();
    }

    void delivered(int n) {
        delivered.add(n);
        notifySettled();
    }

    /** Drops items that had been accepted (they count towards "settled"). */
    void dropAccepted(SluiceError error, List<?> items) {
        dropped.get(error.reason()).add(items.size());
        reports.submit(this, error, items, true); // settles after onError ran: flush()/close() imply it ran
    }

    /** One item left out by sampling: counted under {@link DropReason#SAMPLED}, not reported (intended). */
    public void sampled() {
        dropped.get(DropReason.SAMPLED).increment();
    }

    /** Drops items refused at the call: never accepted, so not part of the settle arithmetic. */
    public void refuse(DropReason reason, String message, Object item) {
        refuse(SluiceError.of(family, reason, message), item);
    }

    public void refuse(SluiceError error, Object item) {
        dropped.get(error.reason()).increment();
        reports.submit(this, error, List.of(item), false);
    }

    /** Runs on the reporting thread: log (rate-limited), call the handler, then settle accepted items. */
    void deliverReport(ErrorHandler h, SluiceError error, long count, List<?> items, boolean accepted) {
        // the message is built only when the rate limiter lets it through: drops can be hot
        SdkLog.warn(logKeys.get(error.reason()), () -> count + " item(s) dropped: " + error);
        try {
            @SuppressWarnings("unchecked")
            List<Object> view = (List<Object>) items;
            h.onError(error, view);
        } catch (Throwable t) { // the user's callback must not kill an SDK thread
            SdkLog.warn("handler", "onError callback threw", t);
        }
        if (accepted) {
            settledDrops.add(count);
            notifySettled();
        }
    }

    /** Items dropped so far for any reason but sampling (what {@code close()} reports as not delivered). */
    public long droppedTotal() {
        long n = 0;
        for (Map.Entry<DropReason, LongAdder> e : dropped.entrySet()) {
            if (e.getKey() != DropReason.SAMPLED) {
                n += e.getValue().sum();
            }
        }
        return n;
    }

    private void notifySettled() {
        synchronized (settleMonitor) {
            settleMonitor.notifyAll();
        }
    }

    long acceptedCount() {
        return accepted.sum();
    }

    long settledCount() {
        return delivered.sum() + settledDrops.sum();
    }

    /** Waits (real time) until everything accepted up to {@code target} has settled; false on timeout. */
    boolean awaitSettled(long target, long timeoutNanos) {
        long end = System.nanoTime() + timeoutNanos;
        synchronized (settleMonitor) {
            while (settledCount() < target) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    // bounded wait: queue-full drops on app threads settle without notifying
                    settleMonitor.wait(Math.max(1, Math.min(left / 1_000_000, 20)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    public long deliveredCount() {
        return delivered.sum();
    }

    public Map<DropReason, Long> droppedCounts() {
        EnumMap<DropReason, Long> m = new EnumMap<>(DropReason.class);
        dropped.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
