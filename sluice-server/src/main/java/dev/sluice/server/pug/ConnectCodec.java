package dev.sluice.server.pug;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** The two Connect codecs: binary protobuf (what clients send) and JSON (for debugging and the REST mirror). */
enum ConnectCodec {
    PROTO,
    JSON;

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    /** The codec of a unary request's content type ({@code application/proto} / {@code application/json}). */
    static Optional<ConnectCodec> forUnary(String contentType) {
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (base) {
            case "application/proto", "application/x-protobuf", "application/protobuf" -> Optional.of(PROTO);
            case "application/json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }

    String unaryContentType() {
        return this == PROTO ? "application/proto" : "application/json";
    }

    /** Decodes a request; a malformed body is {@code invalid_argument}. Unknown fields are ignored. */
    Message decode(Message prototype, byte[] body) {
        try {
            if (this == PROTO) {
                return prototype.getParserForType().parseFrom(body);
            }
            if (!dev.sluice.server.http.Json.withinNestingLimit(body)) {
                throw ConnectException.invalid("cannot decode request: JSON nested deeper than "
                        + dev.sluice.server.http.Json.MAX_NESTING + " levels");
            }
            Message.Builder builder = prototype.newBuilderForType();
            String text = new String(body, StandardCharsets.UTF_8);
            PARSER.merge(text.isBlank() ? "{}" : text, builder);
            return builder.build();
        } catch (ConnectException e) {
            throw e;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw ConnectException.invalid("cannot decode request: " + firstLine(e.getMessage()));
        }
    }

    byte[] encode(Message message) {
        if (this == PROTO) {
            return message.toByteArray();
        }
        return json(message).getBytes(StandardCharsets.UTF_8);
    }

    static String json(Message message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
