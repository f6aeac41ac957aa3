package dev.sluice.server.pug;

import dev.sluice.protocol.AnalyticsValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The well-known event catalog (pug-events.md, shipped as {@code well-known-events.tsv}): the 114 kinds the
 * Node server SDK types, with camelCase wire keys, types and constraints. The original server does not enforce
 * these schemas (the SDK checks them before sending), so Sluice checks them to count mismatches but stores the
 * events: rejecting would dead-letter whole batches the original accepts. Duration fields are never checked
 * (no SDK sends them).
 */
final class EventCatalog {

    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");

    /** One typed field. */
    record Field(String name, String type, List<String> constraints) {
    }

    private final Map<String, List<Field>> typed;
    private final int kinds;

    private EventCatalog(Map<String, List<Field>> typed, int kinds) {
        this.typed = typed;
        this.kinds = kinds;
    }

    static EventCatalog shipped() {
        try (InputStream in = EventCatalog.class.getResourceAsStream("well-known-events.tsv")) {
            if (in == null) {
                throw new IllegalStateException("well-known-events.tsv is missing");
            }
            Map<String, List<Field>> typed = new HashMap<>();
            int kinds = 0;
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                kinds++;
                if (!cols[1].equals("yes")) {
                    continue;
                }
                List<Field> fields = new ArrayList<>();
                for (String spec : cols[2].isBlank() ? new String[0] : cols[2].split(" ")) {
                    String[] parts = spec.split(":", -1);
                    fields.add(new Field(parts[0], parts[1], parts.length > 2 ? List.of(parts[2].split(",")) : List.of()));
                }
                typed.put(cols[0], List.copyOf(fields));
            }
            return new EventCatalog(Map.copyOf(typed), kinds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int kinds() {
        return kinds;
    }

    int typedKinds() {
        return typed.size();
    }

    Optional<List<Field>> fields(String kind) {
        return Optional.ofNullable(typed.get(kind));
    }

    /** Why the custom properties of a well-known event break its schema; empty for conforming or custom kinds. */
    List<String> violations(String kind, Map<String, AnalyticsValue> custom) {
        List<Field> fields = typed.get(kind);
        if (fields == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.type().equals("Duration")) {
                continue;
            }
            AnalyticsValue v = custom.get(f.name());
            if (v == null) {
                if (f.constraints().contains("required")) {
                    out.add(f.name() + ": required");
                }
                continue;
            }
            Optional<Double> number = switch (v) {
                case AnalyticsValue.Int i -> Optional.of((double) i.value());
                case AnalyticsValue.Real r -> Optional.of(r.value());
                default -> Optional.empty();
            };
            boolean typeOk = switch (f.type()) {
                case "string" -> v instanceof AnalyticsValue.Text;
                case "bool" -> v instanceof AnalyticsValue.Bool;
                case "double" -> number.isPresent();
                case "int32" -> v instanceof AnalyticsValue.Int i && i.value() == (int) i.value();
                case "int64" -> v instanceof AnalyticsValue.Int;
                default -> true;
            };
            if (!typeOk) {
                out.add(f.name() + ": not a " + f.type());
                continue;
            }
            for (String c : f.constraints()) {
                boolean ok = switch (c) {
                    case "gt0" -> number.map(n -> n > 0).orElse(true);
                    case "ge0" -> number.map(n -> n >= 0).orElse(true);
                    case "ge2" -> number.map(n -> n >= 2).orElse(true);
                    case "currency" -> v instanceof AnalyticsValue.Text t && CURRENCY.matcher(t.value()).matches();
                    default -> !c.startsWith("range") || number.map(n -> inRange(c, n)).orElse(true);
                };
                if (!ok) {
                    out.add(f.name() + ": " + c);
                }
            }
        }
        return out;
    }

    private static boolean inRange(String constraint, double n) {
        String[] bounds = constraint.substring("range".length()).split("-");
        return n >= Double.parseDouble(bounds[0]) && n <= Double.parseDouble(bounds[1]);
    }
}
