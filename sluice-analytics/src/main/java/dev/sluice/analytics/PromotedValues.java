package dev.sluice.analytics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Computes an event's promoted columns in Java, so the Appender writes them with the row and DuckDB never parses
 * the JSON again. Each value must equal what {@link Promotions#assignments} computes in DuckDB
 * ({@code json_extract_string}, {@code json_type}, {@code TRY_CAST(… AS DOUBLE)}); this class answers only for
 * the shapes whose DuckDB result is certain — what the digest writes: a flat object of strings, integers,
 * plain decimals and booleans ({@code AnalyticsJson}). Anything else (nested values, {@code null}, exponents,
 * numbers Java would print differently, strings DuckDB might read as numbers in its own way, unusual escapes)
 * answers empty, and the caller lets DuckDB compute that row, so answers never depend on which path ran.
 */
final class PromotedValues {

    /** One promoted key's three columns; a {@code null} member is SQL NULL (all three: the key is absent). */
    record Cell(String text, String type, Double number) {
    }

    private static final Cell ABSENT = new Cell(null, null, null);
    /** JSON's number grammar. */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    /** Text whose double value Java and DuckDB read alike (correctly rounded): plain signed decimals. */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?(0|[1-9][0-9]{0,17})(\\.[0-9]{1,17})?");
    /** Every character DuckDB's text-to-double cast might accept (digits, signs, separators, inf/nan, spaces). */
    private static final String CAST_CHARS = "0123456789+-._eE \t\n\r\f\u000biInNfFtTyYaA";
    private static final long EXACT = 1L << 53;

    private PromotedValues() {
    }

    /** The cells of {@code keys}, in order, or empty when DuckDB must compute this row's. */
    static Optional<Cell[]> of(FeedRow row, List<PromotedKey> keys) {
        return new Page(keys).of(row);
    }

    /**
     * Computes the cells of one page's rows. Property objects repeat a lot (an SDK's automatic properties, a
     * page's custom ones), and a text's members depend on nothing but the text, so each distinct text is parsed
     * once per page; the map is dropped with the page, so it holds at most a page's distinct texts.
     */
    static final class Page {
        private final List<PromotedKey> keys;
        private final boolean auto;
        private final boolean custom;
        private final Map<String, Optional<Map<String, Cell>>> parsed = new HashMap<>();

        Page(List<PromotedKey> keys) {
            this.keys = keys;
            this.auto = keys.stream().anyMatch(k -> k.source().equals("auto"));
            this.custom = keys.stream().anyMatch(k -> !k.source().equals("auto"));
        }

        /** The cells of this page's keys for {@code row}, in order, or empty when DuckDB must compute them. */
        Optional<Cell[]> of(FeedRow row) {
            Map<String, Cell> a = Map.of();
            Map<String, Cell> c = Map.of();
            if (auto) {
                Optional<Map<String, Cell>> p = parsed.computeIfAbsent(row.autoJson(), PromotedValues::parse);
                if (p.isEmpty()) {
                    return Optional.empty();
                }
                a = p.get();
            }
            if (custom) {
                Optional<Map<String, Cell>> p = parsed.computeIfAbsent(row.customJson(), PromotedValues::parse);
                if (p.isEmpty()) {
                    return Optional.empty();
                }
                c = p.get();
            }
            Cell[] out = new Cell[keys.size()];
            for (int i = 0; i < out.length; i++) {
                PromotedKey k = keys.get(i);
                out[i] = (k.source().equals("auto") ? a : c).getOrDefault(k.name(), ABSENT);
            }
            return Optional.of(out);
        }
    }

    /** Every top-level member of a flat JSON object, or empty when any is not a shape this class is sure of. */
    static Optional<Map<String, Cell>> parse(String json) {
        Map<String, Cell> out = new HashMap<>();
        int[] at = {skip(json, 0)};
        if (!expect(json, at, '{')) {
            return Optional.empty();
        }
        if (at[0] < json.length() && json.charAt(at[0]) == '}') {
            at[0]++;
            return skip(json, at[0]) == json.length() ? Optional.of(out) : Optional.empty();
        }
        while (true) {
            if (at[0] >= json.length() || json.charAt(at[0]) != '"') {
                return Optional.empty();
            }
            String key = string(json, at);
            if (key == null || !expect(json, at, ':')) {
                return Optional.empty();
            }
            Cell cell = value(json, at);
            // A repeated key: which one DuckDB's path picks is not ours to guess.
            if (cell == null || out.put(key, cell) != null) {
                return Optional.empty();
            }
            at[0] = skip(json, at[0]);
            if (at[0] < json.length() && json.charAt(at[0]) == ',') {
                at[0] = skip(json, at[0] + 1);
                continue;
            }
            if (!expect(json, at, '}')) {
                return Optional.empty();
            }
            return skip(json, at[0]) == json.length() ? Optional.of(out) : Optional.empty();
        }
    }

    private static Cell value(String json, int[] at) {
        if (at[0] >= json.length()) {
            return null;
        }
        char c = json.charAt(at[0]);
        if (c == '"') {
            String text = string(json, at);
            return text == null ? null : text(text);
        }
        if (json.startsWith("true", at[0]) || json.startsWith("false", at[0])) {
            String b = c == 't' ? "true" : "false";
            at[0] += b.length();
            return new Cell(b, "BOOLEAN", null);
        }
        int end = at[0];
        while (end < json.length() && "+-.0123456789eE".indexOf(json.charAt(end)) >= 0) {
            end++;
        }
        String token = json.substring(at[0], end);
        at[0] = end;
        return token.isEmpty() || !NUMBER.matcher(token).matches() ? null : number(token);
    }

    private static Cell number(String token) {
        if (token.indexOf('.') < 0 && token.indexOf('e') < 0 && token.indexOf('E') < 0) {
            if (token.equals("-0") || token.length() > 17) {
                return null;
            }
            long v = Long.parseLong(token);
            return Math.abs(v) > EXACT ? null : new Cell(token, v < 0 ? "BIGINT" : "UBIGINT", (double) v);
        }
        if (token.indexOf('e') >= 0 || token.indexOf('E') >= 0) {
            return null;
        }
        double d = Double.parseDouble(token);
        // DuckDB prints a double the shortest way that reads back, as Java does in this (non-exponent) range.
        return d == 0 || !Double.toString(d).equals(token) ? null : new Cell(token, "DOUBLE", d);
    }

    private static Cell text(String text) {
        if (text.length() <= 36 && PLAIN_DECIMAL.matcher(text).matches()) {
            return new Cell(text, "VARCHAR", Double.parseDouble(text));
        }
        for (int i = 0; i < text.length(); i++) {
            if (CAST_CHARS.indexOf(text.charAt(i)) < 0) {
                return new Cell(text, "VARCHAR", null);
            }
        }
        // Only number-like characters but not a plain decimal (" 5", "1_000", "inf", "1e3"): DuckDB decides.
        return null;
    }

    /** Reads the JSON string at {@code at}, or {@code null} when it has an escape whose DuckDB reading is unsure. */
    private static String string(String json, int[] at) {
        StringBuilder out = new StringBuilder();
        int i = at[0] + 1;
        while (i < json.length()) {
            char c = json.charAt(i);
            if (c == '"') {
                at[0] = skip(json, i + 1);
                return out.toString();
            }
            if (c < 0x20 || Character.isSurrogate(c) && !validPair(json, i)) {
                return null;
            }
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= json.length()) {
                return null;
            }
            char e = json.charAt(i + 1);
            int simple = "\"\\/bfnrt".indexOf(e);
            if (simple >= 0) {
                out.append("\"\\/\b\f\n\r\t".charAt(simple));
                i += 2;
                continue;
            }
            if (e != 'u' || i + 6 > json.length()) {
                return null;
            }
            int code;
            try {
                code = Integer.parseInt(json.substring(i + 2, i + 6), 16);
            } catch (NumberFormatException bad) {
                return null;
            }
            if (code == 0 || Character.isSurrogate((char) code)) {
                return null;
            }
            out.append((char) code);
            i += 6;
        }
        return null;
    }

    private static boolean validPair(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static boolean expect(String json, int[] at, char c) {
        at[0] = skip(json, at[0]);
        if (at[0] >= json.length() || json.charAt(at[0]) != c) {
            return false;
        }
        at[0] = skip(json, at[0] + 1);
        return true;
    }

    private static int skip(String json, int i) {
        while (i < json.length() && " \t\n\r".indexOf(json.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }
}
