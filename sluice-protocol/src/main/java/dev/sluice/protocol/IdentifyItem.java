package dev.sluice.protocol;

import java.util.Map;
import java.util.Optional;

/**
 * A profile identify (Pug {@code sdk.profiles.v1.IdentifyRequest}): create or update the profile keyed by
 * {@code externalId}, shallow-merging {@code traits}; fold an anonymous visitor into it; attach a device.
 *
 * @param traits top-level trait name → its value as JSON text (incoming keys win over stored ones)
 * @param anonymousId empty when not given
 * @param deviceId empty when not given
 */
public record IdentifyItem(String externalId, Map<String, String> traits, String anonymousId, String deviceId)
        implements Item {

    public IdentifyItem {
        traits = Map.copyOf(traits);
    }

    /** Identifies are idempotent by nature (a replay merges the same traits again). */
    @Override
    public Optional<String> dedupeKey() {
        return Optional.empty();
    }

    @Override
    public Optional<String> timestamp() {
        return Optional.empty();
    }
}
