package dev.sluice.web.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An occurrence's stored detail JSON (exception, frames, breadcrumbs, tags, user) read for display. Unknown
 * or missing fields simply show as absent: the detail comes from several wire protocols.
 */
public record ErrorDetail(String type, String value, String message, List<Frame> frames, List<Crumb> breadcrumbs,
                          Map<String, String> tags, Map<String, String> user, String stackTraceText) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ErrorDetail {
        frames = List.copyOf(frames);
        breadcrumbs = List.copyOf(breadcrumbs);
        tags = Map.copyOf(tags);
        user = Map.copyOf(user);
    }

    /** A stack frame; {@code inApp} frames are the application's own code and are emphasised. */
    public record Frame(String filename, String function, String line, boolean inApp, String context) {
    }

    /** A breadcrumb: what happened before the error. */
    public record Crumb(String timestamp, String category, String level, String message) {
    }

    /** Reads {@code json}; text that is not a JSON object yields an empty detail. */
    public static ErrorDetail parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            root = MAPPER.createObjectNode();
        }
        if (root == null || !root.isObject()) {
            root = MAPPER.createObjectNode();
        }
        JsonNode ex = root.path("exception");
        List<Frame> frames = new ArrayList<>();
        for (JsonNode f : ex.path("stacktrace").path("frames")) {
            String line = f.path("lineno").asText("") + (f.has("colno") ? ":" + f.path("colno").asText() : "");
            boolean inApp = f.has("inApp") ? f.path("inApp").asBoolean(true) : f.path("in_app").asBoolean(true);
            frames.add(new Frame(text(f, "filename", text(f, "module", "?")), text(f, "function", "?"), line, inApp,
                    text(f, "contextLine", text(f, "context_line", ""))));
        }
        List<Crumb> crumbs = new ArrayList<>();
        JsonNode crumbNodes = root.path("breadcrumbs");
        if (crumbNodes.isObject()) {
            crumbNodes = crumbNodes.path("values"); // Sentry's envelope shape
        }
        for (JsonNode b : crumbNodes) {
            crumbs.add(new Crumb(text(b, "timestamp", ""), text(b, "category", text(b, "type", "")),
                    text(b, "level", ""), text(b, "message", "")));
        }
        return new ErrorDetail(text(ex, "type", "Error"), text(ex, "value", ""), text(root, "message", ""), frames,
                crumbs, strings(root.path("tags")), strings(root.path("user")), text(ex, "stack_trace", ""));
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? fallback : v.asText();
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText()
                : e.getValue().toString()));
        return out;
    }

    /** Whether any frame is marked as the application's own. */
    public boolean hasInAppFrames() {
        return frames.stream().anyMatch(Frame::inApp);
    }
}
