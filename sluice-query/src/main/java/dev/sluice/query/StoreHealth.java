package dev.sluice.query;

import dev.sluice.store.Store;

/** The readiness probe's one read, so the HTTP layer needs no JDBC of its own. */
public final class StoreHealth {

    private StoreHealth() {
    }

    /**
     * Borrows a connection and asks the driver whether it is valid (2 s at most).
     *
     * @throws RuntimeException when the store cannot be reached
     */
    public static void check(Store store) {
        store.read(c -> c.isValid(2));
    }
}
