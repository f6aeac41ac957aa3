package dev.sluice.sdk.internal;

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

/** The well-known Pug event catalog (generated from pug-events.md into {@code pug-catalog.tsv}). */
public final class PugCatalog {

    /** One typed property: wire name, schema type and constraint flags. */
    public record Field(String name, String type, List<String> flags) {
        boolean required() {
            return flags.contains("required");
        }
    }

    /** One kind; {@code typed} = the server SDK applies its schema. */
    public record Kind(String name, boolean typed, Map<String, Field> fields) {}

    private static final Map<String, Kind> KINDS = load();

    private PugCatalog() {}

    public static Optional<Kind> typed(String kind) {
        Kind k = KINDS.get(kind);
        return k != null && k.typed() ? Optional.of(k) : Optional.empty();
    }

    public static int size() {
        return KINDS.size();
    }

    public static long typedCount() {
        return KINDS.values().stream().filter(Kind::typed).count();
    }

    private static Map<String, Kind> load() {
        Map<String, Kind> out = new HashMap<>();
        try (InputStream in = PugCatalog.class.getResourceAsStream("/dev/sluice/sdk/pug-catalog.tsv")) {
            if (in == null) {
                throw new IllegalStateException("pug-catalog.tsv missing from the SDK jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                Map<String, Field> fields = new HashMap<>();
                if (cols.length > 2 && !cols[2].isEmpty()) {
                    for (String f : cols[2].split(";")) {
                        String[] p = f.split(":", -1);
                        fields.put(p[0], new Field(p[0], p[1], p[2].isEmpty() ? List.of() : List.of(p[2].split(","))));
                    }
                }
                out.put(cols[0], new Kind(cols[0], cols[1].equals("1"), Map.copyOf(fields)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }

    /** Validates a typed kind's known properties; returns the first violation. */
    public static Optional<String> validate(Kind kind, Map<String, ?> props) {
        List<String> problems = new ArrayList<>();
        for (Field f : kind.fields().values()) {
            Object v = props.get(f.name());
            if (v == null) {
                if (f.required()) {
                    problems.add(f.name() + " is required");
                }
                continue;
            }
            check(f, v).ifPresent(problems::add);
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(kind.name() + ": " + String.join(", ", problems));
    }

    private static Optional<String> check(Field f, Object v) {
        double num;
        switch (f.type()) {
            case "string" -> {
                if (!(v instanceof CharSequence s)) {
                    return Optional.of(f.name() + " must be a string");
                }
                if (f.flags().contains("currency") && !s.toString().matches("^[A-Z]{3}$")) {
                    return Optional.of(f.name() + " must be 3 upper-case letters");
                }
                return Optional.empty();
            }
            case "bool" -> {
                return v instanceof Boolean ? Optional.empty() : Optional.of(f.name() + " must be a boolean");
            }
            case "Duration" -> {
                return Optional.empty(); // never sent: skipped at encoding
            }
            case "double" -> {
                if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                    return Optional.of(f.name() + " must be a finite number");
                }
                num = n.doubleValue();
            }
            default -> { // int32, int64
                if (!PropertyMapper.isIntegral(v)) {
                    return Optional.of(f.name() + " must be an integer");
                }
                num = ((Number) v).doubleValue();
                if (f.type().equals("int32") && (num < Integer.MIN_VALUE || num > Integer.MAX_VALUE)) {
                    return Optional.of(f.name() + " is out of int32 range");
                }
            }
        }
        for (String flag : f.flags()) {
            boolean ok = switch (flag) {
                case "gt0" -> num > 0;
                case "ge0" -> num >= 0;
                case "ge2" -> num >= 2;
                default -> {
                    if (flag.startsWith("range")) {
                        String[] b = flag.substring(5).split("-");
                        yield num >= Double.parseDouble(b[0]) && num <= Double.parseDouble(b[1]);
                    }
                    yield true;
                }
            };
            if (!ok) {
                return Optional.of(f.name() + " violates " + flag);
            }
        }
        return Optional.empty();
    }
}
