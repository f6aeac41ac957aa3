package dev.sluice.server.pug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.sluice.query.insights.JsonProps;
import java.util.Map;
import java.util.Optional;

/** Stored JSON properties: parsing, nested lookup by dotted path, and conversion to protobuf Structs. */
final class Props {

    private static final JsonFormat.Parser STRUCT = JsonFormat.parser();

    private Props() {
    }

    static ObjectNode parse(String json) {
        return JsonProps.parse(json);
    }

    /** An object of top-level name → JSON text (profile properties). */
    static ObjectNode fromEntries(Map<String, String> entries) {
        return JsonProps.fromEntries(entries);
    }

    static Optional<JsonNode> lookup(JsonNode root, String path) {
        return JsonProps.lookup(root, path);
    }

    static String text(JsonNode node) {
        return JsonProps.text(node);
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
