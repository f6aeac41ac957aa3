package dev.sluice.sdk;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A trail entry attached to every later error of the same client (a ring of {@code maxBreadcrumbs}). */
public record Breadcrumb(String category, String message, Optional<Level> level, Optional<Instant> timestamp,
                         Map<String, Object> data) {

    /** Copies {@code data}. */
    public Breadcrumb {
        data = Map.copyOf(data);
    }

    /** A breadcrumb with no level or data, stamped when added to a scope. */
    public static Breadcrumb of(String category, String message) {
        return new Breadcrumb(category, message, Optional.empty(), Optional.empty(), Map.of());
    }
}
