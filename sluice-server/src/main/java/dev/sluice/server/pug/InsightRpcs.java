package dev.sluice.server.pug;

import dev.sluice.store.Store;
import java.time.Clock;
import java.util.List;

/** Placeholder. */
final class InsightRpcs {
    static InsightRpcs create(Store store, Clock clock) {
        return new InsightRpcs();
    }

    List<Rpc> rpcs() {
        return List.of();
    }
}
