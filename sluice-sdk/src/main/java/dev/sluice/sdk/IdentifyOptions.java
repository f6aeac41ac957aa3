package dev.sluice.sdk;

import java.util.Optional;

/**
 * Options for {@link Analytics#identify}.
 *
 * @param anonymousId empty or starting with {@code anon-}, at most 255 characters: folded into the profile
 * @param deviceId    at most 36 characters
 */
public record IdentifyOptions(Optional<String> anonymousId, Optional<String> deviceId) {

    public static IdentifyOptions none() {
        return new IdentifyOptions(Optional.empty(), Optional.empty());
    }
}
