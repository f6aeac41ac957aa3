package dev.sluice.digest;

import dev.sluice.protocol.AnalyticsValue;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes analytics properties as a JSON object. Doubles always carry a fraction or exponent so they read
 * back as doubles; times become fixed-width RFC 3339 text (millisecond precision) so text order is time order.
 */
final class AnalyticsJson {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private AnalyticsJson() {
    }

    static String object(Map<String, AnalyticsValue> properties) {
        StringBuilder out = new StringBuilder("{");
        // Sorted keys: the stored text is canonical, whatever order the client used.
        for (Map.Entry<String, AnalyticsValue> e : new TreeMap<>(properties).entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            JsonText.string(out, e.getKey());
            out.append(':');
            value(out, e.getValue());
        }
        return out.append('}').toString();
    }

    /** Pug's {@code PropertyValueType} number of a value. */
    static int valueType(AnalyticsValue value) {
        return switch (value) {
            case AnalyticsValue.Text t -> 1;
            case AnalyticsValue.Int i -> 2;
            case AnalyticsValue.Real r -> 3;
            case AnalyticsValue.Bool b -> 4;
            case AnalyticsValue.Time t -> 5;
        };
    }

    private static void value(StringBuilder out, AnalyticsValue value) {
        switch (value) {
            case AnalyticsValue.Text t -> JsonText.string(out, t.value());
            case AnalyticsValue.Int i -> out.append(i.value());
            case AnalyticsValue.Real r -> out.append(Double.toString(r.value()));
            case AnalyticsValue.Bool b -> out.append(b.value());
            case AnalyticsValue.Time t -> JsonText.string(out, TIME.format(Instant.ofEpochMilli(t.epochMillis())));
        }
    }




}
