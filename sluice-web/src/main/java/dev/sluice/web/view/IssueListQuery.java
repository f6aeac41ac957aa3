package dev.sluice.web.view;

import dev.sluice.query.IssueFilter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The issue list's URL state — filters, search and activity range — so every view is bookmarkable and the
 * live refresh, paging and bulk actions keep it. With no {@code status} the list shows unresolved issues (as
 * Sentry does); {@code status=all} shows every status.
 *
 * @param params the filter parameters as given (status, level, environment, release, query)
 */
public record IssueListQuery(Map<String, String> params, String range) {

    public static final String ALL = "all";
    private static final java.util.List<String> NAMES = java.util.List.of("status", "level", "environment",
            "release", "query");

    public IssueListQuery {
        params = Map.copyOf(params);
    }

    /** Reads the list's parameters from a request (or a bulk form's hidden fields). */
    public static IssueListQuery of(java.util.function.Function<String, Optional<String>> param) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String name : NAMES) {
            param.apply(name).ifPresent(v -> p.put(name, v));
        }
        return new IssueListQuery(p, param.apply("range").filter("14d"::equals).orElse("24h"));
    }

    /** The store filter; throws {@link IllegalArgumentException} for a bad value (shown as a 400 page). */
    public IssueFilter filter() {
        Map<String, String> p = new LinkedHashMap<>(params);
        String status = p.getOrDefault("status", "unresolved");
        if (status.equals(ALL)) {
            p.remove("status");
        } else {
            p.put("status", status);
        }
        return IssueFilter.parse(p);
    }

    public String status() {
        return params.getOrDefault("status", "unresolved");
    }

    public String get(String name) {
        return params.getOrDefault(name, "");
    }

    /** {@code a=b&c=d} of the filters and range (URL-encoded), to append to {@code /issues?}. */
    public String queryString() {
        StringJoiner out = new StringJoiner("&");
        params.forEach((k, v) -> out.add(k + "=" + java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        if (!range.equals("24h")) {
            out.add("range=" + range);
        }
        return out.toString();
    }

    /** Whether anything narrows the list beyond the default view. */
    public boolean narrowed() {
        return params.keySet().stream().anyMatch(k -> !k.equals("status")) || !status().equals("unresolved");
    }
}
