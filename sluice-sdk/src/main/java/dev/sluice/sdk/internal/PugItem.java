package dev.sluice.sdk.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Queued Pug calls. */
public sealed interface PugItem {

    /** One {@code track()}: ids are assigned when the batch is encoded, once, and resent on retry. */
    record Event(String distinctId, String kind, Map<String, Object> props, Instant timestamp, UUID sessionId,
                 Optional<PugCatalog.Kind> typed) implements PugItem {}

    /** One {@code identify()}. */
    record Identify(String externalId, Map<String, Object> traits, Optional<String> anonymousId,
                    Optional<String> deviceId, CompletableFuture<Boolean> done) implements PugItem {}
}
