package dev.sluice.query.insights;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Property filters of insights and the activity explorer, and their evaluation. Missing keys and empty strings
 * are alike ("an empty string is indistinguishable from an absent key"); numbers compare as decimals.
 */
public final class Filters {

    private Filters() {
    }

    /** Where a filter reads its property: ANY reads {@code $}-keys from auto properties, others from custom. */
    public enum Source { ANY, AUTO, CUSTOM, PROFILE }

    /** A filter's comparison. */
    public enum Op {
        EQUALS, NOT_EQUALS, CONTAINS, NOT_CONTAINS, IS_SET, IS_NOT_SET, LTE, GTE, LT, GT, IN, NOT_IN, BETWEEN,
        NOT_BETWEEN
    }

    /** One property filter; {@code values} serves IN/NOT_IN/BETWEEN/NOT_BETWEEN, {@code value} the others. */
    public record PropertyFilter(String property, Op op, String value, List<String> values, Source source) {
        public PropertyFilter {
            values = List.copyOf(values);
        }
    }

    /** Events of {@code kind} (empty = any) whose properties pass every filter. */
    public record EventFilter(String kind, List<PropertyFilter> filters) {
        /** Every event. */
        public static final EventFilter ANY = new EventFilter("", List.of());

        public EventFilter {
            filters = List.copyOf(filters);
        }
    }

    /** Filters combined with OR when {@code any}, else AND. */
    public record FilterGroup(List<PropertyFilter> filters, boolean any) {
        public FilterGroup {
            filters = List.copyOf(filters);
        }
    }

    /** What a filter reads a property from. */
    public interface Subject {
        /** The property's JSON value, when present. */
        Optional<JsonNode> get(Source source, String property);
    }

    /** Whether {@code subject} passes {@code f}. */
    public static boolean matches(PropertyFilter f, Subject subject) {
        Optional<JsonNode> node = subject.get(f.source(), f.property())
                .filter(n -> !n.isNull() && !(n.isTextual() && n.asText().isEmpty()));
        return switch (f.op()) {
            case EQUALS -> node.filter(n -> equal(n, f.value())).isPresent();
            case NOT_EQUALS -> node.filter(n -> equal(n, f.value())).isEmpty();
            case CONTAINS -> node.filter(n -> contains(n, f.value())).isPresent();
            case NOT_CONTAINS -> node.filter(n -> contains(n, f.value())).isEmpty();
            case IS_SET -> node.isPresent();
            case IS_NOT_SET -> node.isEmpty();
            case LTE -> compare(node, f.value()) <= 0 && comparable(node, f.value());
            case GTE -> compare(node, f.value()) >= 0 && comparable(node, f.value());
            case LT -> compare(node, f.value()) < 0 && comparable(node, f.value());
            case GT -> compare(node, f.value()) > 0 && comparable(node, f.value());
            case IN -> node.filter(n -> f.values().stream().anyMatch(v -> equal(n, v))).isPresent();
            case NOT_IN -> node.filter(n -> f.values().stream().anyMatch(v -> equal(n, v))).isEmpty();
            case BETWEEN -> between(node, f.values());
            case NOT_BETWEEN -> !between(node, f.values());
        };
    }

    /** All filters must match. */
    public static boolean all(List<PropertyFilter> filters, Subject subject) {
        return filters.stream().allMatch(f -> matches(f, subject));
    }

    /** Whether an event of {@code kind} read through {@code subject} passes {@code f}. */
    public static boolean matches(EventFilter f, Subject subject, String kind) {
        return (f.kind().isEmpty() || f.kind().equals(kind)) && all(f.filters(), subject);
    }

    /** A group: its filters with OR or AND; an empty group matches. */
    public static boolean matches(FilterGroup g, Subject subject) {
        return g.filters().isEmpty() || (g.any() ? g.filters().stream().anyMatch(f -> matches(f, subject))
                : all(g.filters(), subject));
    }

    /** Groups combined with OR when {@code any}, else AND; no groups match. */
    public static boolean groups(List<FilterGroup> groups, boolean any, Subject subject) {
        if (groups.isEmpty()) {
            return true;
        }
        return any ? groups.stream().anyMatch(g -> matches(g, subject)) : groups.stream().allMatch(g -> matches(g, subject));
    }

    private static boolean equal(JsonNode node, String value) {
        if (node.isNumber()) {
            Optional<BigDecimal> v = number(value);
            return v.isPresent() && node.decimalValue().compareTo(v.get()) == 0;
        }
        return JsonProps.text(node).equals(value);
    }

    private static boolean contains(JsonNode node, String value) {
        return JsonProps.text(node).toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT));
    }

    private static boolean comparable(Optional<JsonNode> node, String value) {
        return node.flatMap(Filters::number).isPresent() && number(value).isPresent();
    }

    /** The comparison of a numeric node with {@code value}; only meaningful when {@link #comparable}. */
    private static int compare(Optional<JsonNode> node, String value) {
        Optional<BigDecimal> x = node.flatMap(Filters::number);
        Optional<BigDecimal> v = number(value);
        return x.isPresent() && v.isPresent() ? x.get().compareTo(v.get()) : 0;
    }

    private static boolean between(Optional<JsonNode> node, List<String> values) {
        Optional<BigDecimal> x = node.flatMap(Filters::number);
        return x.isPresent() && x.get().compareTo(number(values.get(0)).orElseThrow()) >= 0
                && x.get().compareTo(number(values.get(1)).orElseThrow()) <= 0;
    }

    static Optional<BigDecimal> number(JsonNode node) {
        return node.isNumber() ? Optional.of(node.decimalValue()) : node.isTextual() ? number(node.asText())
                : Optional.empty();
    }

    /** A decimal number, when {@code text} is one. */
    public static Optional<BigDecimal> number(String text) {
        try {
            return text.isBlank() ? Optional.empty() : Optional.of(new BigDecimal(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
