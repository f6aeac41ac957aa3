package dev.sluice.server.pug;

import dev.sluice.store.Store;
import java.time.Clock;
import java.util.List;

/** Placeholder. */
final class ActivityRpcs {
    static ActivityRpcs create(Store store, Clock clock) {
        return new ActivityRpcs();
    }

    List<Rpc> rpcs() {
        return List.of();
    }
}
