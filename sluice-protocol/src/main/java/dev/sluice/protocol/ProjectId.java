package dev.sluice.protocol;

import java.util.Objects;

/** The id of a project: every item belongs to exactly one. */
public record ProjectId(String value) {

    public ProjectId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("blank project id");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
