package dev.sluice.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.AnalyticsRecords.EventRow;
import dev.sluice.store.Store;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A write transaction that has inserted one event (id {@code eventId}) and stays open until {@link #commit()}:
 * a commit that lands later than commits started after it, the case the PostgreSQL feed must not skip.
 */
final class HeldWrite {

    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread thread;

    private HeldWrite(Store store, ProjectId project, String eventId) throws InterruptedException {
        CountDownLatch inserted = new CountDownLatch(1);
        this.thread = Thread.ofPlatform().start(() -> store.write(tx -> {
            tx.analytics().insertEvents(project, List.of(new EventRow(eventId, "u", "k", 1, "", false, "{}", "{}", 1)));
            inserted.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(inserted.await(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Starts the transaction and answers once its insert is done (still uncommitted). */
    static HeldWrite open(Store store, ProjectId project, String eventId) throws InterruptedException {
        return new HeldWrite(store, project, eventId);
    }

    /** Lets the transaction commit and waits for it. */
    void commit() throws InterruptedException {
        release.countDown();
        thread.join();
    }
}
