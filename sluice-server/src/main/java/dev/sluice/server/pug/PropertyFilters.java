package dev.sluice.server.pug;

import dev.sluice.pug.proto.common.v1.EventFilter;
import dev.sluice.pug.proto.common.v1.FilterOperator;
import dev.sluice.pug.proto.common.v1.PropertyFilter;
import dev.sluice.pug.proto.common.v1.PropertySource;
import dev.sluice.query.insights.Filters;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code common.v1.PropertyFilter}: the validation rules of pug.md §4; evaluation is the query layer's
 * {@link Filters}.
 */
final class PropertyFilters {

    static final Pattern PROPERTY = Pattern.compile("^\\$?[a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+)*$");
    static final Pattern KIND_OR_EMPTY = Pattern.compile("^[a-zA-Z0-9_.-]*$");

    private PropertyFilters() {
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

    /** All filters must match (the AND of a property-filter list). */
    static boolean all(List<PropertyFilter> filters, Filters.Subject subject) {
        return Filters.all(InsightMapping.filters(filters), subject);
    }

    static Optional<BigDecimal> number(String text) {
        return Filters.number(text);
    }
}
