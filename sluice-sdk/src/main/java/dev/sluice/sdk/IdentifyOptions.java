package dev.sluice.sdk;

import java.util.Optional;

/**
 * Options for {@link Analytics#identify}.
 *
 * @param anonymousId empty or starting with {@code anon-}, at most 255 characters: folded into the profile
 * @param deviceId    at most 36 characters
 */
public record IdentifyOptions(Optional<String> anonymousId, Optional<String> deviceId) {

    /** Neither an anonymous id nor a device id. */
    public static IdentifyOptions none() {
        return new IdentifyOptions(Optional.empty(), Optional.empty());
    }

    /** Folds the anonymous visitor {@code anonymousId} ({@code anon-…}) into the identified profile. */
    public static IdentifyOptions anonymous(String anonymousId) {
        return builder().anonymousId(anonymousId).build();
    }

    /** A builder for both options. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link IdentifyOptions}; unset (or {@code null}) options stay empty. */
    public static final class Builder {
        private String anonymousId;
        private String deviceId;

        private Builder() {
        }

        /** The anonymous id to merge ({@code anon-…}, at most 255 characters). */
        public Builder anonymousId(String v) {
            anonymousId = v;
            return this;
        }

        /** The device to attach (at most 36 characters). */
        public Builder deviceId(String v) {
            deviceId = v;
            return this;
        }

        /** The options. */
        public IdentifyOptions build() {
            return new IdentifyOptions(Optional.ofNullable(anonymousId), Optional.ofNullable(deviceId));
        }
    }
}
