package dev.sluice.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.sluice.server.http.Json;
import dev.sluice.server.ingest.Refusal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * OTLP/HTTP's two encodings: binary protobuf and JSON. OTLP JSON differs from protobuf's canonical JSON in one
 * way that matters: trace and span ids are hex, not base64, so they are rewritten before parsing; enums may be
 * integers, which the protobuf parser accepts. Answers go out in the request's encoding.
 */
final class OtlpCodec {

    /** The request's encoding. */
    enum Format {
        PROTOBUF("application/x-protobuf"), JSON("application/json");

        final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }
    }

    private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id",
            "parent_span_id");
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private OtlpCodec() {
    }

    /** The format named by {@code Content-Type}; JSON is the answer format for anything unrecognised. */
    static Optional<Format> format(Optional<String> contentType) {
        String ct = contentType.map(s -> s.toLowerCase(Locale.ROOT).split(";")[0].trim()).orElse("");
        return switch (ct) {
            case "application/x-protobuf", "application/protobuf" -> Optional.of(Format.PROTOBUF);
            case "application/json" -> Optional.of(Format.JSON);
            default -> Optional.empty();
        };
    }

    static <B extends Message.Builder> B parse(byte[] body, Format format, B builder) throws Refusal {
        try {
            if (format == Format.PROTOBUF) {
                builder.mergeFrom(body);
            } else {
                JsonNode tree = Json.MAPPER.readTree(body);
                if (!(tree instanceof ObjectNode)) {
                    throw Refusal.of(Refusal.Reason.INVALID, "body must be a JSON object");
                }
                hexIdsToBase64(tree);
                PARSER.merge(tree.toString(), builder);
            }
            return builder;
        } catch (InvalidProtocolBufferException e) {
            throw Refusal.of(Refusal.Reason.INVALID, "invalid OTLP " + format.name().toLowerCase(Locale.ROOT) + " body");
        } catch (IOException | RuntimeException e) {
            throw Refusal.of(Refusal.Reason.INVALID, "invalid OTLP JSON body");
        }
    }

    /** Rewrites hex ids to base64 in place. */
    private static void hexIdsToBase64(JsonNode node) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (ID_FIELDS.contains(e.getKey()) && v.isTextual()) {
                    try {
                        e.setValue(o.textNode(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(v.textValue()))));
                    } catch (IllegalArgumentException notHex) {
                        // An empty id: the span or record alone is refused (partial success), not the export.
                        e.setValue(o.textNode(""));
                    }
                } else {
                    hexIdsToBase64(v);
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(OtlpCodec::hexIdsToBase64);
        }
    }

    static byte[] write(Message message, Format format) {
        if (format == Format.PROTOBUF) {
            return message.toByteArray();
        }
        try {
            return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName(), e);
        }
    }

    /** A {@code google.rpc.Status} (code, message), the body OTLP/HTTP puts on every error answer. */
    static byte[] status(int grpcCode, String message, Format format) {
        if (format == Format.JSON) {
            return Json.object().put("code", grpcCode).put("message", message).toString()
                    .getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeInt32(1, grpcCode);
            out.writeString(2, message);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }
}
