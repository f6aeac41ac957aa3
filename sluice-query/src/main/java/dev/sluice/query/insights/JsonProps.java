package dev.sluice.query.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** Stored JSON properties: parsing and nested lookup by dotted path. */
public final class JsonProps {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonProps() {
    }

    /** The object {@code json} holds; an empty object for anything else. */
    public static ObjectNode parse(String json) {
        try {
            return MAPPER.readTree(json) instanceof ObjectNode o ? o : MAPPER.createObjectNode();
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }

    /** An object of top-level name → JSON text (profile properties). */
    public static ObjectNode fromEntries(Map<String, String> entries) {
        ObjectNode out = MAPPER.createObjectNode();
        entries.forEach((name, json) -> {
            try {
                out.set(name, MAPPER.readTree(json));
            } catch (IOException e) {
                out.putNull(name);
            }
        });
        return out;
    }

    /** The value at {@code path}: the whole key first (keys may contain dots), then dot-separated nesting. */
    public static Optional<JsonNode> lookup(JsonNode root, String path) {
        JsonNode direct = root.path(path);
        if (!direct.isMissingNode()) {
            return Optional.of(direct);
        }
        JsonNode node = root;
        for (String segment : path.split("\\.")) {
            node = node.isObject() ? node.path(segment) : MissingNode.getInstance();
        }
        return node.isMissingNode() ? Optional.empty() : Optional.of(node);
    }

    /** The text form used for equality, grouping and value listings. */
    public static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : node.isNull() ? "" : node.toString();
    }
}
