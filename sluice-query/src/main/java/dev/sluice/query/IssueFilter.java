package dev.sluice.query;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Filters of the issue list; an empty field matches everything. {@link #parse} reads them from request
 * parameters and refuses unknown names, so a misspelt filter is an error instead of being ignored.
 *
 * @param statuses any of {@code unresolved}, {@code resolved}, {@code ignored}, {@code regressed}
 *     (unresolved and marked regressed), {@code escalating}
 * @param levels any of the levels
 * @param environment issues with an occurrence in this environment
 * @param release issues with an occurrence in this release
 * @param query words that must all appear (as word prefixes) in the title or message
 */
public record IssueFilter(Set<String> statuses, Set<String> levels, Optional<String> environment,
                          Optional<String> release, Optional<Instant> firstSeenFrom, Optional<Instant> firstSeenTo,
                          Optional<Instant> lastSeenFrom, Optional<Instant> lastSeenTo, Optional<String> query) {

    /** The parameter names {@link #parse} knows. */
    public static final Set<String> NAMES = Set.of("status", "level", "environment", "release", "query",
            "firstSeenFrom", "firstSeenTo", "lastSeenFrom", "lastSeenTo");
    static final Set<String> STATUSES = Set.of("unresolved", "resolved", "ignored", "regressed", "escalating");
    static final Set<String> LEVELS = Set.of("fatal", "error", "warning", "info", "debug");

    public IssueFilter {
        statuses = Set.copyOf(statuses);
        levels = Set.copyOf(levels);
    }

    /** No filter. */
    public static IssueFilter none() {
        return new IssueFilter(Set.of(), Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Reads filters from request parameters (first value of each; {@code status} and {@code level} take
     * comma-separated lists). Throws {@link IllegalArgumentException} for unknown names or bad values.
     */
    public static IssueFilter parse(Map<String, String> params) {
        for (String name : params.keySet()) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown filter '" + name + "'; known: "
                        + String.join(", ", NAMES.stream().sorted().toList()));
            }
        }
        Optional<String> query = text(params, "query");
        if (query.isPresent() && Search.words(query.get()).isEmpty()) {
            throw new IllegalArgumentException("query has no words to search for");
        }
        return new IssueFilter(set(params, "status", STATUSES), set(params, "level", LEVELS),
                text(params, "environment"), text(params, "release"), instant(params, "firstSeenFrom"),
                instant(params, "firstSeenTo"), instant(params, "lastSeenFrom"), instant(params, "lastSeenTo"), query);
    }

    private static Optional<String> text(Map<String, String> params, String name) {
        return Optional.ofNullable(params.get(name)).filter(s -> !s.isBlank());
    }

    private static Set<String> set(Map<String, String> params, String name, Set<String> allowed) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : text(params, name).map(s -> Arrays.asList(s.split(","))).orElse(List.of())) {
            String value = v.trim();
            if (!allowed.contains(value)) {
                throw new IllegalArgumentException(name + " must be one of " + String.join(", ",
                        allowed.stream().sorted().toList()));
            }
            out.add(value);
        }
        return out;
    }

    private static Optional<Instant> instant(Map<String, String> params, String name) {
        try {
            return text(params, name).map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }
}
