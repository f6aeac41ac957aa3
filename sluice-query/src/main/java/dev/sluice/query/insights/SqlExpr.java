package dev.sluice.query.insights;

import dev.sluice.analytics.PromotedKey;
import dev.sluice.query.insights.Filters.EventFilter;
import dev.sluice.query.insights.Filters.FilterGroup;
import dev.sluice.query.insights.Filters.PropertyFilter;
import dev.sluice.query.insights.Filters.Source;
import dev.sluice.query.insights.InsightQuery.Aggregation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The insight rules as DuckDB SQL over the replica's columns ({@code auto_props}, {@code custom_props},
 * {@code profile_props}, {@code kind}, {@code person}), with the same meaning as {@link Filters} and the scan
 * engine: a key is looked up whole first (keys may hold dots), then as a dotted path; a JSON null or an empty
 * string is absent; numbers compare as numbers. A key with promoted columns ({@link PromotedKey}) reads them
 * instead of parsing JSON: they hold the same expressions' values, computed when the row was stored.
 */
final class SqlExpr {

    private static final String NUMERIC = "('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT')";

    /** "auto_props"/"custom_props" + NUL + key → its columns. */
    private final Map<String, PromotedKey> promoted = new HashMap<>();

    SqlExpr(List<PromotedKey> keys) {
        keys.forEach(k -> promoted.put(k.source() + "_props\u0000" + k.name(), k));
    }

    /** The key's promoted columns when it has them (a top-level key of the auto or custom properties). */
    private PromotedKey promoted(Source source, String property) {
        return property.contains(".") ? null : promoted.get(column(source, property) + '\u0000' + property);
    }

    /** The property as a double when its text is one (what comparisons read), else NULL. */
    Sql castNumber(Source source, String property) {
        PromotedKey k = promoted(source, property);
        return k != null ? new Sql().add(k.number())
                : new Sql().add("TRY_CAST(").add(text(source, property)).add(" AS DOUBLE)");
    }

    private static String column(Source source, String property) {
        return switch (source) {
            case AUTO -> "auto_props";
            case CUSTOM -> "custom_props";
            case PROFILE -> "profile_props";
            case ANY -> property.startsWith("$") ? "auto_props" : "custom_props";
        };
    }

    private static String direct(String property) {
        return "$.\"" + property + "\"";
    }

    private static String nested(String property) {
        return "$.\"" + String.join("\".\"", property.split("\\.")) + "\"";
    }

    /** The property's text (strings as themselves, other values as JSON), NULL when absent or null. */
    Sql text(Source source, String property) {
        PromotedKey k = promoted(source, property);
        if (k != null) {
            return new Sql().add(k.text());
        }
        String col = column(source, property);
        Sql s = new Sql().add("json_extract_string(" + col + ", ").arg(direct(property)).add(")");
        return property.contains(".") ? new Sql().add("COALESCE(").add(s).add(", json_extract_string(" + col + ", ")
                .arg(nested(property)).add("))") : s;
    }

    /** The property's JSON type name (NULL when absent). */
    Sql type(Source source, String property) {
        PromotedKey k = promoted(source, property);
        if (k != null) {
            return new Sql().add(k.type());
        }
        String col = column(source, property);
        Sql s = new Sql().add("json_type(json_extract(" + col + ", ").arg(direct(property)).add("))");
        return property.contains(".") ? new Sql().add("COALESCE(").add(s).add(", json_type(json_extract(" + col + ", ")
                .arg(nested(property)).add(")))") : s;
    }

    /** A breakdown or dimension value: the text, '' when unset. */
    Sql value(String property) {
        return new Sql().add("COALESCE(").add(text(Source.ANY, property)).add(", '')");
    }

    /** The property as a number when it is a JSON number, else NULL (what SUM/AVG/MIN/MAX read). */
    Sql number(String property) {
        return new Sql().add("CASE WHEN ").add(type(Source.ANY, property)).add(" IN " + NUMERIC + " THEN ")
                .add(castNumber(Source.ANY, property)).add(" END");
    }

    Sql filter(PropertyFilter f) {
        Sql t = text(f.source(), f.property());
        Sql present = new Sql().add("COALESCE(").add(t).add(" <> '', FALSE)");
        Sql x = castNumber(f.source(), f.property());
        return switch (f.op()) {
            case EQUALS -> equal(f, f.value());
            case NOT_EQUALS -> new Sql().add("NOT ").add(equal(f, f.value()));
            case CONTAINS -> new Sql().add("(").add(present).add(" AND contains(lower(").add(text(f.source(), f.property()))
                    .add("), lower(").arg(f.value()).add(")))");
            case NOT_CONTAINS -> new Sql().add("NOT (").add(present).add(" AND contains(lower(")
                    .add(text(f.source(), f.property())).add("), lower(").arg(f.value()).add(")))");
            case IS_SET -> present;
            case IS_NOT_SET -> new Sql().add("NOT ").add(present);
            case LTE -> compare(x, "<=", f.value());
            case GTE -> compare(x, ">=", f.value());
            case LT -> compare(x, "<", f.value());
            case GT -> compare(x, ">", f.value());
            case IN -> any(f);
            case NOT_IN -> new Sql().add("NOT ").add(any(f));
            case BETWEEN -> between(f);
            case NOT_BETWEEN -> new Sql().add("NOT ").add(between(f));
        };
    }

    private Sql equal(PropertyFilter f, String value) {
        return new Sql().add("COALESCE(CASE WHEN ").add(type(f.source(), f.property())).add(" IN " + NUMERIC
                + " THEN ").add(castNumber(f.source(), f.property())).add(" = TRY_CAST(").arg(value)
                .add(" AS DOUBLE) ELSE ").add(text(f.source(), f.property())).add(" = ").arg(value)
                .add(" AND ").add(text(f.source(), f.property())).add(" <> '' END, FALSE)");
    }

    private Sql any(PropertyFilter f) {
        Sql s = new Sql().add("(FALSE");
        f.values().forEach(v -> s.add(" OR ").add(equal(f, v)));
        return s.add(")");
    }

    private static Sql compare(Sql x, String op, String value) {
        return new Sql().add("COALESCE(").add(x).add(" " + op + " TRY_CAST(").arg(value).add(" AS DOUBLE), FALSE)");
    }

    private Sql between(PropertyFilter f) {
        Sql x = castNumber(f.source(), f.property());
        return new Sql().add("COALESCE(").add(x).add(" >= TRY_CAST(").arg(f.values().get(0)).add(" AS DOUBLE) AND ")
                .add(castNumber(f.source(), f.property()))
                .add(" <= TRY_CAST(").arg(f.values().get(1)).add(" AS DOUBLE), FALSE)");
    }

    /** An event filter: kind (when named) and every property filter. */
    Sql event(EventFilter f) {
        Sql s = new Sql().add("(TRUE");
        if (!f.kind().isEmpty()) {
            s.add(" AND kind = ").arg(f.kind());
        }
        f.filters().forEach(p -> s.add(" AND ").add(filter(p)));
        return s.add(")");
    }

    /** Filter groups combined with OR when {@code any}, else AND; no groups: TRUE. */
    Sql groups(List<FilterGroup> groups, boolean any) {
        if (groups.isEmpty()) {
            return new Sql().add("TRUE");
        }
        Sql s = new Sql().add("(");
        for (int i = 0; i < groups.size(); i++) {
            FilterGroup g = groups.get(i);
            s.add(i == 0 ? "" : any ? " OR " : " AND ").add("(").add(g.any() ? "FALSE" : "TRUE");
            g.filters().forEach(p -> s.add(g.any() ? " OR " : " AND ").add(filter(p)));
            s.add(")");
        }
        return s.add(")");
    }

    /** An aggregation over the rows of a group (columns {@code person} and the property). */
    Sql aggregate(Aggregation type, String property) {
        String people = "count(DISTINCT person) FILTER (WHERE person <> '')";
        return switch (type) {
            case TOTAL -> new Sql().add("CAST(count(*) AS DOUBLE)");
            case UNIQUE_USERS -> new Sql().add("CAST(" + people + " AS DOUBLE)");
            case PER_USER_AVG -> new Sql().add("CASE WHEN " + people + " = 0 THEN 0.0 ELSE CAST(count(*) FILTER "
                    + "(WHERE person <> '') AS DOUBLE) / " + people + " END");
            case SUM -> new Sql().add("COALESCE(sum(").add(number(property)).add("), 0.0)");
            case AVG -> new Sql().add("COALESCE(avg(").add(number(property)).add("), 0.0)");
            case MIN -> new Sql().add("COALESCE(min(").add(number(property)).add("), 0.0)");
            case MAX -> new Sql().add("COALESCE(max(").add(number(property)).add("), 0.0)");
        };
    }
}
