package dev.sluice.server.ingest;

import dev.sluice.protocol.Item;
import java.util.List;
import java.util.Set;

/**
 * What an adapter decoded from one request: the canonical items to commit and the rate-limit categories the
 * request spends (Sentry's {@code error}, {@code transaction}, …; a single-kind protocol names one).
 */
public interface Admitted {

    /** The items to commit; may be empty (a request of only ignored items is still answered 200). */
    List<Item> items();

    /** The categories charged against the rate limit, one token each. */
    Set<String> categories();
}
