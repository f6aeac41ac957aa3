package dev.sluice.server.pug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.sluice.server.http.Json;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** Stored JSON properties: parsing, nested lookup by dotted path, and conversion to protobuf Structs. */
final class Props {

    private static final JsonFormat.Parser STRUCT = JsonFormat.parser();

    private Props() {
    }

    static ObjectNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json) instanceof ObjectNode o ? o : Json.object();
        } catch (IOException e) {
            return Json.object();
        }
    }

    /** An object of top-level name → JSON text (profile properties). */
    static ObjectNode fromEntries(Map<String, String> entries) {
        ObjectNode out = Json.object();
        entries.forEach((name, json) -> {
            try {
                out.set(name, Json.MAPPER.readTree(json));
            } catch (IOException e) {
                out.putNull(name);
            }
        });
        return out;
    }

    /** The value at {@code path}: the whole key first (keys may contain dots), then dot-separated nesting. */
    static Optional<JsonNode> lookup(JsonNode root, String path) {
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
    static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : node.isNull() ? "" : node.toString();
    }

    static Struct struct(JsonNode object) {
        Struct.Builder b = Struct.newBuilder();
        try {
            STRUCT.merge(object.toString(), b);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored properties are not a JSON object", e);
        }
        return b.build();
    }

    static Timestamp ts(long millis) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(millis, 1000))
                .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000).build();
    }
}
