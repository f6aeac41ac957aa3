package dev.sluice.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesAndReadsBack() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\n\u0001é");
        m.put("n", 3);
        m.put("d", 1.5);
        m.put("whole", 2.0);
        m.put("nan", Double.NaN);
        m.put("b", true);
        m.put("nil", null);
        m.put("l", List.of(1, "x"));
        String json = Json.write(m);
        assertThat(json).isEqualTo("{\"s\":\"a\\\"b\\\\c\\n\\u0001é\",\"n\":3,\"d\":1.5,\"whole\":2,\"nan\":null,"
                + "\"b\":true,\"nil\":null,\"l\":[1,\"x\"]}");
        Map<String, Object> back = JsonParser.object(json);
        assertThat(back.get("s")).isEqualTo("a\"b\\c\n\u0001é");
        assertThat(back.get("n")).isEqualTo(3L);
        assertThat(back.get("d")).isEqualTo(1.5);
        assertThat(back.get("l")).isEqualTo(List.of(1L, "x"));
        assertThat(back).containsKey("nil");
    }

    @Test
    void garbageIsRejectedNotCrashed() {
        for (String bad : List.of("", "{", "{\"a\":}", "[1,]", "nul", "{\"a\":1}x", "\"\\u12\"", "<html>")) {
            assertThatThrownBy(() -> JsonParser.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThat(JsonParser.object(bad)).isEmpty();
        }
        assertThatThrownBy(() -> JsonParser.parse("[".repeat(500))).isInstanceOf(IllegalArgumentException.class);
    }
}
