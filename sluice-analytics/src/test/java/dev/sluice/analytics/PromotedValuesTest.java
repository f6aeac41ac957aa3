package dev.sluice.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analytics.PromotedValues.Cell;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

/**
 * The promoted columns computed in Java equal DuckDB's own expressions ({@link Promotions#assignments}) for every
 * value Java answers, on generated objects with the digest's shapes and on awkward ones; and Java does answer
 * for the digest's shapes (otherwise every row would take the slow path).
 */
class PromotedValuesTest {

    private static final String[] AWKWARD = {"\" 5 \"", "\"1_000\"", "\"+5\"", "\".5\"", "\"Inf\"", "\"nan\"", "\"0x10\"",
        "\"-0\"", "\"1e3\"", "\"007\"", "\"12.50\"", "\"/p42\"", "\"a\\u00e9\\n\\\"b\\\\\"", "\"\\ud83d\\ude00\"",
        "\"\ud83d\ude00\"", "\"\"", "-0", "0", "-7", "9007199254740993", "18446744073709551615", "50.0", "-0.0",
        "1.0E10", "1.0E-5", "0.001", "1234567.125", "12345678.9", "true", "false", "null", "{\"x\":1}", "[1,2]",
        "\"\\/\\b\\f\\r\\t\""};

    @Test
    void javaCellsEqualDuckDbExpressions() throws Exception {
        Random r = new Random(7);
        List<String> objects = new ArrayList<>();
        for (String v : AWKWARD) {
            objects.add("{\"a\":" + v + ",\"b\":1}");
            objects.add("{ \"b\" : true , \"a\" : " + v + " }");
        }
        for (int i = 0; i < 3_000; i++) {
            objects.add("{\"a\":" + randomValue(r) + ",\"b\":" + randomValue(r) + ",\"c\":\"x\"}");
        }
        objects.add("{}");
        objects.add("{\"a\":1,\"a\":2}");
        int answered = 0;
        try (DuckDBConnection c = DriverManager.getConnection("jdbc:duckdb:").unwrap(DuckDBConnection.class);
             PreparedStatement ps = c.prepareStatement("SELECT json_extract_string(?, '$.\"a\"'), "
                     + "json_type(json_extract(?, '$.\"a\"')), TRY_CAST(json_extract_string(?, '$.\"a\"') AS DOUBLE)")) {
            for (String json : objects) {
                Optional<Map<String, Cell>> parsed = PromotedValues.parse(json);
                if (parsed.isEmpty()) {
                    continue;
                }
                answered++;
                Cell java = parsed.get().getOrDefault("a", new Cell(null, null, null));
                for (int p = 1; p <= 3; p++) {
                    ps.setString(p, json);
                }
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    Cell duck = new Cell(rs.getString(1), rs.getString(2), (Double) rs.getObject(3));
                    assertThat(java).as(json).isEqualTo(duck);
                }
            }
        }
        // Most objects (some values are deliberately ones Java leaves to DuckDB: exponents, integers past 2^53).
        assertThat(answered).isGreaterThan(objects.size() * 3 / 4);
    }

    @Test
    void digestShapesAreAnsweredInJava() {
        FeedRow row = new FeedRow(1, "p", "e", "d", "k", 1, "s", false, "{\"$lib\":\"pug-node\"}",
                "{\"amount\":42,\"path\":\"/p7\",\"price\":12.5,\"ok\":true,\"when\":\"2026-01-01T00:00:00.000Z\"}", 1);
        List<PromotedKey> keys = List.of(new PromotedKey(1, "auto", "$lib"), new PromotedKey(2, "custom", "amount"),
                new PromotedKey(3, "custom", "path"), new PromotedKey(4, "custom", "missing"));
        Cell[] cells = PromotedValues.of(row, keys).orElseThrow();
        assertThat(cells).containsExactly(new Cell("pug-node", "VARCHAR", null), new Cell("42", "UBIGINT", 42.0),
                new Cell("/p7", "VARCHAR", null), new Cell(null, null, null));
        assertThat(PromotedValues.of(new FeedRow(1, "p", "e", "d", "k", 1, "s", false, "{}", "{\"amount\":{\"x\":1}}",
                1), keys)).isEmpty();
    }

    private static String randomValue(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> Long.toString(r.nextLong() >> r.nextInt(64));
            case 1 -> Double.toString(r.nextInt(1_000_000) / 100.0 * (r.nextBoolean() ? 1 : -1));
            case 2 -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(12) - 4));
            case 3 -> r.nextBoolean() ? "true" : "false";
            case 4 -> "\"" + (r.nextInt(1000) - 500) + (r.nextBoolean() ? "." + r.nextInt(100) : "") + "\"";
            case 5 -> "\"/p" + r.nextInt(50) + "\"";
            case 6 -> "\"" + randomText(r) + "\"";
            default -> "\"2026-01-" + (10 + r.nextInt(20)) + "T00:00:00.000Z\"";
        };
    }

    private static String randomText(Random r) {
        String alphabet = "abc XYZ-_./0123456789eEinf\\u00e9\\n\\\"";
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(8); i > 0; i--) {
            int at = r.nextInt(alphabet.length() - 6);
            b.append(alphabet.charAt(at) == '\\' ? "\\n" : String.valueOf(alphabet.charAt(at)));
        }
        return b.toString();
    }
}
