package dev.sluice.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.store.Project;
import dev.sluice.store.Store;
import dev.sluice.store.StoreException;
import dev.sluice.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys against a real SQLite store; lookups are counted on their way to it. */
class KeyRegistryTest {

    @TempDir
    Path dir;

    private final AtomicInteger lookups = new AtomicInteger();

    private KeyRegistry counting(Store store) {
        return KeyRegistry.over(hash -> {
            lookups.incrementAndGet();
            return store.findKeyByHash(hash);
        });
    }

    @Test
    void aKeyCreatedAfterStartWorksOnItsFirstRequest() {
        try (Store store = Store.open(TestDatabases.sqlite(dir))) {
            Project p = store.createProject("p", 1);
            KeyRegistry keys = counting(store);
            KeyAdmin.CreatedKey key = KeyAdmin.create(store, Clock.systemUTC()).create(p, KeyKind.PUG_PRIVATE);
            assertThat(keys.resolve(key.rawKey())).map(Credential::keyId).contains(key.stored().id());
            assertThat(keys.resolve(key.rawKey(), KeyKind.OPENSENTRY)).isEmpty();
            int before = lookups.get();
            for (int i = 0; i < 1_000; i++) {
                assertThat(keys.resolve(key.rawKey())).isPresent();
            }
            assertThat(lookups.get() - before).as("a known key is served from memory").isLessThanOrEqualTo(3);
        }
    }

    @Test
    void aFloodOfRandomKeysReachesTheStoreABoundedNumberOfTimes() {
        try (Store store = Store.open(TestDatabases.sqlite(dir))) {
            KeyRegistry keys = counting(store);
            long start = System.nanoTime();
            int refused = 0;
            int cannotTell = 0;
            for (int i = 0; i < 5_000; i++) {
                try {
                    assertThat(keys.resolve(Secrets.generate("os_"))).isEmpty();
                    refused++;
                } catch (StoreException e) {
                    cannotTell++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long bound = KeyRegistry.LOOKUPS_PER_SECOND + (long) Math.ceil(seconds * KeyRegistry.LOOKUPS_PER_SECOND);
            assertThat(lookups.get()).as("%d refused, %d over budget in %.2f s", refused, cannotTell, seconds)
                    .isLessThanOrEqualTo((int) bound);
            assertThat(refused + cannotTell).isEqualTo(5_000);
        }
    }

    @Test
    void oneBadKeyRepeatedIsAnsweredFromTheNegativeCache() {
        try (Store store = Store.open(TestDatabases.sqlite(dir))) {
            KeyRegistry keys = counting(store);
            String bad = Secrets.generate("trk_live_");
            long start = System.nanoTime();
            for (int i = 0; i < 20_000; i++) {
                assertThat(keys.resolve(bad)).isEmpty();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(lookups.get()).isLessThanOrEqualTo(
                    1 + (int) Math.ceil(seconds / KeyRegistry.NEGATIVE_TTL.toSeconds()));
        }
    }

    @Test
    void knownKeysKeepWorkingWhenTheStoreIsGoneAndUnknownOnesCannotBeJudged() {
        Store store = Store.open(TestDatabases.sqlite(dir));
        Project p = store.createProject("p", 1);
        KeyAdmin.CreatedKey key = KeyAdmin.create(store, Clock.systemUTC()).create(p, KeyKind.OPENSENTRY);
        KeyRegistry keys = counting(store);
        assertThat(keys.resolve(key.rawKey())).isPresent();
        store.close(); // every read fails from here on
        assertThat(keys.resolve(key.rawKey())).isPresent();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> keys.resolve(Secrets.generate("os_")))
                .isInstanceOf(StoreException.class);
    }
}
