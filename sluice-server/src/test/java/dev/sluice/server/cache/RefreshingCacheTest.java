package dev.sluice.server.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.store.StoreException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The cache's contract with a source that changes and fails on command, on a clock the test moves. */
class RefreshingCacheTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicReference<String> source = new AtomicReference<>("a");
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger loads = new AtomicInteger();

    private RefreshingCache<String, String> cache() {
        return RefreshingCache.<String, String>builder("test", k -> {
            loads.incrementAndGet();
            if (down.get()) {
                throw new StoreException("store unreachable");
            }
            return source.get();
        }).ticker(nanos::get).staleWait(Duration.ofSeconds(30)).build();
    }

    private void advance(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }

    @Test
    void aChangeInTheStoreIsServedOnceTheValueIsOlderThanMaxAge() {
        RefreshingCache<String, String> cache = cache();
        assertThat(cache.get("k")).isEqualTo("a");
        source.set("b");
        advance(200);
        assertThat(cache.get("k")).as("young enough: no store read").isEqualTo("a");
        assertThat(loads).hasValue(1);
        advance(900);
        assertThat(cache.get("k")).as("over maxAge: re-read before serving").isEqualTo("b");
    }

    @Test
    void theLastValueServesWhileTheStoreFailsAndTheStoreIsNotAskedPerRequest() throws InterruptedException {
        RefreshingCache<String, String> cache = cache();
        assertThat(cache.get("k")).isEqualTo("a");
        down.set(true);
        advance(5_000);
        assertThat(cache.get("k")).as("stale on failure").isEqualTo("a");
        int afterFailure = loads.get();
        for (int i = 0; i < 1_000; i++) {
            assertThat(cache.get("k")).isEqualTo("a");
        }
        assertThat(loads.get() - afterFailure).as("no store read per request while failing").isLessThanOrEqualTo(1);

        down.set(false);
        source.set("c");
        advance(600);
        String seen = cache.get("k");
        for (int i = 0; i < 500 && !seen.equals("c"); i++) {
            Thread.sleep(10); // the background refresh lands
            seen = cache.get("k");
        }
        assertThat(seen).as("recovers by itself").isEqualTo("c");
    }

    @Test
    void aValueNeverLoadedFailsWithTheStore() {
        RefreshingCache<String, String> cache = cache();
        down.set(true);
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(StoreException.class);
        down.set(false);
        assertThat(cache.get("k")).isEqualTo("a");
    }

    @Test
    void aHangingStoreIsGivenUpOnAfterTheLoadWait() {
        CountDownLatch release = new CountDownLatch(1);
        RefreshingCache<String, String> cache = RefreshingCache.<String, String>builder("hang", k -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        }).build();
        try {
            assertThatThrownBy(() -> cache.get("k")).isInstanceOf(StoreException.class)
                    .hasMessageContaining("did not answer");
        } finally {
            release.countDown();
        }
    }

    @Test
    void invalidateMakesTheNextReadFresh() {
        RefreshingCache<String, String> cache = cache();
        assertThat(cache.get("k")).isEqualTo("a");
        source.set("b");
        cache.invalidate("k");
        assertThat(cache.get("k")).isEqualTo("b");
    }
}
