package dev.sluice.server.otlp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.http.Json;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** OTLP attributes as a lookup map, with the conversions the mappers need. */
final class Attrs {

    private static final int MAX_TAGS = 64;
    private static final int MAX_TAG_CHARS = 1000;

    private final Map<String, AnyValue> values;

    private Attrs(Map<String, AnyValue> values) {
        this.values = values;
    }

    static Attrs of(List<KeyValue> list) {
        Map<String, AnyValue> m = new HashMap<>();
        for (KeyValue kv : list) {
            m.putIfAbsent(kv.getKey(), kv.getValue());
        }
        return new Attrs(m);
    }

    /** These attributes with {@code inner} taking precedence (span over resource). */
    Attrs with(Attrs inner) {
        Map<String, AnyValue> m = new HashMap<>(values);
        m.putAll(inner.values);
        return new Attrs(m);
    }

    Optional<String> text(String key) {
        AnyValue v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(render(v)).filter(s -> !s.isEmpty());
    }

    OptionalLong integer(String key) {
        AnyValue v = values.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        return switch (v.getValueCase()) {
            case INT_VALUE -> OptionalLong.of(v.getIntValue());
            case DOUBLE_VALUE -> OptionalLong.of((long) v.getDoubleValue());
            case STRING_VALUE -> {
                try {
                    yield OptionalLong.of(Long.parseLong(v.getStringValue().trim()));
                } catch (NumberFormatException e) {
                    yield OptionalLong.empty();
                }
            }
            default -> OptionalLong.empty();
        };
    }

    boolean hasPrefix(String prefix) {
        return values.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    /** Up to 64 attributes as strings, for the stored detail. */
    ObjectNode toJson() {
        ObjectNode out = Json.object();
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).limit(MAX_TAGS).forEach(e -> {
            String s = render(e.getValue());
            out.put(e.getKey(), s.length() > MAX_TAG_CHARS ? s.substring(0, MAX_TAG_CHARS) : s);
        });
        return out;
    }

    static String render(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case BYTES_VALUE -> HexFormat.of().formatHex(v.getBytesValue().toByteArray());
            case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().map(Attrs::render).toList().toString();
            case KVLIST_VALUE -> {
                StringBuilder b = new StringBuilder("{");
                for (KeyValue kv : v.getKvlistValue().getValuesList()) {
                    b.append(b.length() > 1 ? ", " : "").append(kv.getKey()).append('=').append(render(kv.getValue()));
                }
                yield b.append('}').toString();
            }
            default -> "";
        };
    }
}
