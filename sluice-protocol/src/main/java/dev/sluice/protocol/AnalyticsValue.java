package dev.sluice.protocol;

/**
 * One typed product-analytics property value (Pug's {@code PropertyValue}): exactly one variant, already
 * validated (finite doubles, bounded text).
 */
public sealed interface AnalyticsValue {

    /** Text. */
    record Text(String value) implements AnalyticsValue {
    }

    /** A 64-bit integer. */
    record Int(long value) implements AnalyticsValue {
    }

    /** A finite double. */
    record Real(double value) implements AnalyticsValue {
    }

    /** A boolean. */
    record Bool(boolean value) implements AnalyticsValue {
    }

    /** A point in time, kept at millisecond precision as the original does. */
    record Time(long epochMillis) implements AnalyticsValue {
    }
}
