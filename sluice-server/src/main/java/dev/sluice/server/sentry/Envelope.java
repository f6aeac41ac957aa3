package dev.sluice.server.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.http.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A Sentry envelope: a header line of JSON, then items, each a header line and a payload. A payload is read by
 * its header's {@code length} when given, else up to the next newline (or the end). Blank lines between items
 * are tolerated, as Relay does.
 */
record Envelope(ObjectNode headers, List<EnvelopeItem> items) {

    /** One item: its type, its header and its payload bytes. */
    record EnvelopeItem(String type, ObjectNode headers, byte[] payload) {
    }

    /** The bytes are not an envelope; the message says why, for the client's {@code detail}. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    static final int MAX_ITEMS = 1000;

    Envelope {
        items = List.copyOf(items);
    }

    /** The header's {@code dsn}, when present as text. */
    Optional<String> dsn() {
        JsonNode v = headers.get("dsn");
        return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
    }

    /** The header's {@code event_id}, when present as text. */
    Optional<String> eventId() {
        JsonNode v = headers.get("event_id");
        return v != null && v.isTextual() && !v.textValue().isEmpty() ? Optional.of(v.textValue()) : Optional.empty();
    }

    static Envelope parse(byte[] body) throws Invalid {
        Cursor c = new Cursor(body);
        ObjectNode headers = c.headerLine("envelope header");
        List<EnvelopeItem> items = new ArrayList<>();
        while (true) {
            c.skipBlankLines();
            if (c.atEnd()) {
                break;
            }
            if (items.size() == MAX_ITEMS) {
                throw new Invalid("more than " + MAX_ITEMS + " items");
            }
            ObjectNode itemHeader = c.headerLine("item header");
            JsonNode type = itemHeader.get("type");
            if (type == null || !type.isTextual()) {
                throw new Invalid("item header without a type");
            }
            JsonNode length = itemHeader.get("length");
            byte[] payload;
            if (length != null && !length.isNull()) {
                if (!length.canConvertToInt() || !length.canConvertToExactIntegral() || length.intValue() < 0) {
                    throw new Invalid("item length must be a non-negative integer");
                }
                payload = c.take(length.intValue());
                c.skipOneNewline();
            } else {
                payload = c.line();
            }
            items.add(new EnvelopeItem(type.textValue(), itemHeader, payload));
        }
        return new Envelope(headers, items);
    }

    /** A read position over the body. */
    private static final class Cursor {
        private final byte[] b;
        private int pos;

        Cursor(byte[] b) {
            this.b = b;
        }

        boolean atEnd() {
            return pos >= b.length;
        }

        void skipBlankLines() {
            while (pos < b.length && (b[pos] == '\n' || b[pos] == '\r')) {
                pos++;
            }
        }

        void skipOneNewline() {
            if (pos < b.length && b[pos] == '\r') {
                pos++;
            }
            if (pos < b.length && b[pos] == '\n') {
                pos++;
            }
        }

        /** The bytes up to the next newline (excluded), consuming it. */
        byte[] line() {
            int start = pos;
            while (pos < b.length && b[pos] != '\n') {
                pos++;
            }
            int end = pos > start && b[pos - 1] == '\r' ? pos - 1 : pos;
            if (pos < b.length) {
                pos++;
            }
            return Arrays.copyOfRange(b, start, end);
        }

        byte[] take(int n) throws Invalid {
            if (n > b.length - pos) {
                throw new Invalid("item length " + n + " exceeds the envelope");
            }
            byte[] out = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        ObjectNode headerLine(String what) throws Invalid {
            byte[] line = line();
            if (line.length == 0) {
                // An empty envelope header is how some SDKs send "no header".
                return Json.object();
            }
            try {
                JsonNode node = Json.MAPPER.readTree(line);
                if (node instanceof ObjectNode o) {
                    return o;
                }
            } catch (IOException e) {
                // fall through
            }
            throw new Invalid("invalid " + what);
        }
    }
}
