package dev.sluice.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A well-known Pug event built by {@link PugEvents}: its kind and its properties, keyed by the catalog's
 * camelCase wire names. Track it with {@link Analytics#track(String, WellKnownEvent)}.
 */
public record WellKnownEvent(String kind, Map<String, Object> properties) {

    /** Copies {@code properties}. */
    public WellKnownEvent {
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Base of the generated builders. */
    public abstract static class Builder<B extends Builder<B>> {
        private final String kind;
        private final Map<String, Object> props = new LinkedHashMap<>();

        Builder(String kind) {
            this.kind = kind;
        }

        @SuppressWarnings("unchecked")
        B put(String key, Object value) {
            if (value != null) {
                props.put(key, value);
            }
            return (B) this;
        }

        /** A property outside the schema; sent with the heuristic mapping, keys must not start with {@code $}. */
        public B extra(String key, Object value) {
            return put(key, value);
        }

        /** The event, validated when tracked. */
        public WellKnownEvent build() {
            return new WellKnownEvent(kind, props);
        }
    }
}
