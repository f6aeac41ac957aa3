package dev.sluice.analytics;

/**
 * A property key with columns of its own in the replica's {@code events} (see {@code Promotions}): {@link #text()}
 * holds what {@code json_extract_string(<source>_props, '$."name"')} answers, {@link #type()} its JSON type and
 * {@link #number()} the text as a double (NULL when it is not one).
 *
 * @param source {@code auto} or {@code custom}
 */
public record PromotedKey(int col, String source, String name) {

    /** The text column. */
    public String text() {
        return "p" + col + "_s";
    }

    /** The JSON type column. */
    public String type() {
        return "p" + col + "_t";
    }

    /** The double column. */
    public String number() {
        return "p" + col + "_n";
    }
}
