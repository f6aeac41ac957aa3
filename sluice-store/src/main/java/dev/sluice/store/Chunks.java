package dev.sluice.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits rows for multi-row statements into chunks whose sizes come from a fixed set (powers of two up to
 * {@link #MAX}), so each statement's SQL is one of a few strings that stay in the writer's
 * {@link StatementCache}. A group commit of 27 rows runs the 16-, 8-, 2- and 1-row statements, all compiled
 * once, instead of compiling a 27-row statement that the next commit (29 rows) cannot reuse; compiling was
 * ~11 % of the writer's CPU under Sentry load. Chunks beyond {@code MAX} rows are {@code MAX} rows each,
 * which also keeps bind parameters well under SQLite's 32,766 limit.
 */
final class Chunks {

    /** Largest chunk; a power of two so the remainder decomposes into the smaller sizes. */
    static final int MAX = 128;

    private Chunks() {
    }

    /** {@code all} cut into consecutive chunks, largest first, each of a size in {1, 2, 4, …, MAX}. */
    static <T> List<List<T>> of(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        int from = 0;
        while (from < all.size()) {
            int left = all.size() - from;
            int size = left >= MAX ? MAX : Integer.highestOneBit(left);
            out.add(all.subList(from, from + size));
            from += size;
        }
        return out;
    }
}
