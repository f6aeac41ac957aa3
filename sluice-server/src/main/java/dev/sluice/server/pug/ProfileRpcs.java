package dev.sluice.server.pug;

import dev.sluice.store.Store;
import java.time.Clock;
import java.util.List;

/** Placeholder. */
final class ProfileRpcs {
    static ProfileRpcs create(Store store, Clock clock) {
        return new ProfileRpcs();
    }

    List<Rpc> rpcs() {
        return List.of();
    }
}
