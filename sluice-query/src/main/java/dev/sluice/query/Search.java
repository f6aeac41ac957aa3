package dev.sluice.query;

import dev.sluice.store.Dialect;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Full-text search of issues: the user's text becomes words (letters and digits), each matched as a word
 * prefix, all required. The words are rebuilt from those characters only, so nothing the user types reaches
 * the search syntax (FTS5 {@code MATCH} on SQLite, {@code to_tsquery} on PostgreSQL) as an operator.
 */
final class Search {

    private Search() {
    }

    static List<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty())
                .limit(16).toList();
    }

    /** A clause on issues aliased {@code i} taking one parameter, {@link #argument}. */
    static String clause(Dialect dialect) {
        return switch (dialect) {
            case SQLITE -> "i.id IN (SELECT issue_id FROM issues_fts WHERE issues_fts MATCH ?)";
            // The same expression as the GIN index of migration V60, or the index is not used.
            case POSTGRESQL -> "to_tsvector('simple', regexp_replace(i.title || ' ' || COALESCE(i.message, ''), "
                    + "'[^[:alnum:]]+', ' ', 'g')) @@ to_tsquery('simple', ?)";
        };
    }

    static String argument(Dialect dialect, String text) {
        List<String> words = words(text);
        return switch (dialect) {
            case SQLITE -> String.join(" ", words.stream().map(w -> "\"" + w + "\"*").toList());
            case POSTGRESQL -> String.join(" & ", words.stream().map(w -> w + ":*").toList());
        };
    }
}
