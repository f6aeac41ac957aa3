package dev.sluice.server.pug;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.pug.proto.common.v1.EventFilter;
import dev.sluice.pug.proto.common.v1.FilterOperator;
import dev.sluice.pug.proto.common.v1.LogicalOperator;
import dev.sluice.pug.proto.common.v1.PropertyFilter;
import dev.sluice.pug.proto.common.v1.PropertySource;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code common.v1.PropertyFilter}: the validation rules of pug.md §4 and their evaluation. Missing keys and
 * empty strings are alike ("an empty string is indistinguishable from an absent key").
 */
final class PropertyFilters {

    static final Pattern PROPERTY = Pattern.compile("^\\$?[a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+)*$");
    static final Pattern KIND_OR_EMPTY = Pattern.compile("^[a-zA-Z0-9_.-]*$");

    private PropertyFilters() {
    }

    /** Where a filter reads its property from. */
    interface Subject {
        Optional<JsonNode> get(PropertySource source, String property);
    }

    static void validate(PropertyFilter f, String at) {
        if (!PROPERTY.matcher(f.getProperty()).matches()) {
            throw ConnectException.invalid(at + ".property: must match " + PROPERTY.pattern());
        }
        FilterOperator op = f.getOperator();
        if (op == FilterOperator.FILTER_OPERATOR_UNSPECIFIED || op == FilterOperator.UNRECOGNIZED) {
            throw ConnectException.invalid(at + ".operator: must be a defined value other than UNSPECIFIED");
        }
        if (f.getSource() == PropertySource.UNRECOGNIZED) {
            throw ConnectException.invalid(at + ".source: must be a defined value");
        }
        boolean listOp = switch (op) {
            case FILTER_OPERATOR_IN, FILTER_OPERATOR_NOT_IN, FILTER_OPERATOR_BETWEEN,
                 FILTER_OPERATOR_NOT_BETWEEN -> true;
            default -> false;
        };
        boolean setOp = op == FilterOperator.FILTER_OPERATOR_IS_SET || op == FilterOperator.FILTER_OPERATOR_IS_NOT_SET;
        if (setOp && !f.getValue().isEmpty()) {
            throw ConnectException.invalid(at + ".value: must be empty for " + op);
        }
        if (!setOp && !listOp && f.getValue().isEmpty()) {
            throw ConnectException.invalid(at + ".value: value is required for " + op);
        }
        if (listOp != (f.getValuesCount() > 0)) {
            throw ConnectException.invalid(at + ".values: " + (listOp ? "required" : "must be empty") + " for " + op);
        }
        switch (op) {
            case FILTER_OPERATOR_LTE, FILTER_OPERATOR_GTE, FILTER_OPERATOR_LT, FILTER_OPERATOR_GT -> {
                if (number(f.getValue()).isEmpty()) {
                    throw ConnectException.invalid(at + ".value: must be a number for " + op);
                }
            }
            case FILTER_OPERATOR_BETWEEN, FILTER_OPERATOR_NOT_BETWEEN -> {
                Optional<BigDecimal> lo = f.getValuesCount() == 2 ? number(f.getValues(0)) : Optional.empty();
                Optional<BigDecimal> hi = f.getValuesCount() == 2 ? number(f.getValues(1)) : Optional.empty();
                if (lo.isEmpty() || hi.isEmpty() || lo.get().compareTo(hi.get()) > 0) {
                    throw ConnectException.invalid(at + ".values: " + op + " needs two numbers, low ≤ high");
                }
            }
            default -> {
            }
        }
    }

    static void validateEventFilter(EventFilter f, String at) {
        if (!KIND_OR_EMPTY.matcher(f.getKind()).matches()) {
            throw ConnectException.invalid(at + ".kind: must match " + KIND_OR_EMPTY.pattern());
        }
        for (int i = 0; i < f.getFiltersCount(); i++) {
            validate(f.getFilters(i), at + ".filters[" + i + "]");
        }
    }

    static boolean matches(PropertyFilter f, Subject subject) {
        Optional<JsonNode> node = subject.get(f.getSource(), f.getProperty())
                .filter(n -> !n.isNull() && !(n.isTextual() && n.asText().isEmpty()));
        return switch (f.getOperator()) {
            case FILTER_OPERATOR_EQUALS -> node.filter(n -> equal(n, f.getValue())).isPresent();
            case FILTER_OPERATOR_NOT_EQUALS -> node.filter(n -> equal(n, f.getValue())).isEmpty();
            case FILTER_OPERATOR_CONTAINS -> node.filter(n -> contains(n, f.getValue())).isPresent();
            case FILTER_OPERATOR_NOT_CONTAINS -> node.filter(n -> contains(n, f.getValue())).isEmpty();
            case FILTER_OPERATOR_IS_SET -> node.isPresent();
            case FILTER_OPERATOR_IS_NOT_SET -> node.isEmpty();
            case FILTER_OPERATOR_LTE -> compare(node, f.getValue(), c -> c <= 0);
            case FILTER_OPERATOR_GTE -> compare(node, f.getValue(), c -> c >= 0);
            case FILTER_OPERATOR_LT -> compare(node, f.getValue(), c -> c < 0);
            case FILTER_OPERATOR_GT -> compare(node, f.getValue(), c -> c > 0);
            case FILTER_OPERATOR_IN -> node.filter(n -> f.getValuesList().stream().anyMatch(v -> equal(n, v))).isPresent();
            case FILTER_OPERATOR_NOT_IN -> node.filter(n -> f.getValuesList().stream().anyMatch(v -> equal(n, v))).isEmpty();
            case FILTER_OPERATOR_BETWEEN -> between(node, f.getValuesList());
            case FILTER_OPERATOR_NOT_BETWEEN -> !between(node, f.getValuesList());
            default -> false;
        };
    }

    /** All filters must match (the AND of a property-filter list). */
    static boolean all(List<PropertyFilter> filters, Subject subject) {
        return filters.stream().allMatch(f -> matches(f, subject));
    }

    /** Filters combined with {@code op} (UNSPECIFIED = AND); an empty list matches. */
    static boolean combine(List<PropertyFilter> filters, LogicalOperator op, Subject subject) {
        if (filters.isEmpty()) {
            return true;
        }
        return op == LogicalOperator.LOGICAL_OPERATOR_OR ? filters.stream().anyMatch(f -> matches(f, subject))
                : filters.stream().allMatch(f -> matches(f, subject));
    }

    /** Groups combined with {@code op}; an empty list matches. */
    static <G> boolean groups(List<G> groups, LogicalOperator op, Predicate<G> matches) {
        if (groups.isEmpty()) {
            return true;
        }
        return op == LogicalOperator.LOGICAL_OPERATOR_OR ? groups.stream().anyMatch(matches)
                : groups.stream().allMatch(matches);
    }

    private static boolean equal(JsonNode node, String value) {
        if (node.isNumber()) {
            Optional<BigDecimal> v = number(value);
            return v.isPresent() && node.decimalValue().compareTo(v.get()) == 0;
        }
        return Props.text(node).equals(value);
    }

    private static boolean contains(JsonNode node, String value) {
        return Props.text(node).toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT));
    }

    private static boolean compare(Optional<JsonNode> node, String value, Predicate<Integer> test) {
        Optional<BigDecimal> x = node.flatMap(PropertyFilters::number);
        Optional<BigDecimal> v = number(value);
        return x.isPresent() && v.isPresent() && test.test(x.get().compareTo(v.get()));
    }

    private static boolean between(Optional<JsonNode> node, List<String> values) {
        Optional<BigDecimal> x = node.flatMap(PropertyFilters::number);
        return x.isPresent() && x.get().compareTo(number(values.get(0)).orElseThrow()) >= 0
                && x.get().compareTo(number(values.get(1)).orElseThrow()) <= 0;
    }

    static Optional<BigDecimal> number(JsonNode node) {
        return node.isNumber() ? Optional.of(node.decimalValue()) : node.isTextual() ? number(node.asText())
                : Optional.empty();
    }

    static Optional<BigDecimal> number(String text) {
        try {
            return text.isBlank() ? Optional.empty() : Optional.of(new BigDecimal(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
