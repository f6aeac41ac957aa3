package dev.sluice.server.tracestax;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.JobEnv;
import dev.sluice.server.http.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Bodies of the TraceStax endpoints. {@code /v1/ingest} takes one TaskEvent or {@code {"events":[…]}} whose
 * items are routed by {@code type}; a bad item inside a batch is dropped and counted (batching SDKs resend a
 * refused batch forever), while a bad single payload or a bad envelope is refused.
 */
final class TraceStaxParser {

    /** More items than any SDK batches (Node/Python: 100); beyond this the envelope is refused. */
    static final int MAX_EVENTS = 1000;

    private TraceStaxParser() {
    }

    /** The items of an ingest body, and how many batch items were dropped as invalid. */
    record Parsed(List<Item> items, int rejected) {
    }

    static JsonNode object(byte[] body) throws Invalid {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw Invalid.json("body is not JSON");
        } catch (IOException e) {
            throw Invalid.json("body is not readable JSON");
        }
        if (root == null || root.isMissingNode()) {
            throw Invalid.json("body is empty");
        }
        if (!root.isObject()) {
            throw Invalid.schema("body must be a JSON object");
        }
        return root;
    }

    static Parsed ingest(byte[] body, JobEnv env) throws Invalid {
        JsonNode root = object(body);
        JsonNode events = root.get("events");
        if (events == null) {
            return new Parsed(List.of(item(root, env)), 0);
        }
        if (!events.isArray() || events.isEmpty() || events.size() > MAX_EVENTS) {
            throw Invalid.schema("events must be an array of 1-" + MAX_EVENTS + " items");
        }
        List<Item> items = new ArrayList<>(events.size());
        int rejected = 0;
        for (JsonNode e : events) {
            try {
                if (!e.isObject()) {
                    throw Invalid.schema("events[] items must be objects");
                }
                items.add(item(e, env));
            } catch (Invalid invalid) {
                rejected++;
            }
        }
        return new Parsed(items, rejected);
    }

    /** Routes by {@code type}: absent means task_event (defensive, spec §3). */
    private static Item item(JsonNode o, JobEnv env) throws Invalid {
        String type = Fields.absent(o.get("type")) ? "task_event" : o.get("type").asText();
        return switch (type) {
            case "task_event" -> ItemParser.taskEvent(o, env);
            case "snapshot" -> ItemParser.snapshot(o, env);
            case "heartbeat" -> ItemParser.heartbeat(o, env);
            default -> throw Invalid.schema("unknown type " + type);
        };
    }
}
