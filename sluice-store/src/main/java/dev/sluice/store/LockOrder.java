package dev.sluice.store;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Rows of a multi-row upsert, sorted by their conflict key before binding. PostgreSQL locks the rows of one
 * statement in the order they are listed; two nodes upserting overlapping keys in different orders could
 * deadlock, in the same order they only wait for each other.
 */
final class LockOrder {

    private LockOrder() {
    }

    /** {@code rows} sorted by the text key {@code key} (the columns of the conflict target, joined). */
    static <T> List<T> sorted(List<T> rows, Function<T, String> key) {
        if (rows.size() < 2) {
            return rows;
        }
        return rows.stream().sorted(Comparator.comparing(key)).toList();
    }

    /** The conflict-target columns of a row as one sort key; NUL cannot occur in stored text. */
    static String key(Object... columns) {
        StringBuilder out = new StringBuilder();
        for (Object c : columns) {
            out.append(c).append('\0');
        }
        return out.toString();
    }
}
