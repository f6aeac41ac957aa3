package dev.sluice.server.pug;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.sluice.pug.proto.sdk.profiles.v1.IdentifyRequest;
import dev.sluice.protocol.IdentifyItem;
import java.util.LinkedHashMap;
import java.util.Map;

/** The rules of pug.md §5.2; traits become top-level name → JSON text for the shallow merge. */
final class IdentifyValidator {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private IdentifyValidator() {
    }

    static IdentifyItem validate(IdentifyRequest r) {
        if (r.getExternalId().isEmpty()) {
            throw ConnectException.invalid("invalid identify: external_id: value is required");
        }
        if (r.getExternalId().startsWith("cookieless-")) {
            throw ConnectException.invalid("invalid identify: external_id: must not start with cookieless-");
        }
        if (EventValidator.utf8Length(r.getExternalId()) > EventValidator.MAX_KEY_BYTES) {
            throw ConnectException.invalid("invalid identify: external_id: longer than " + EventValidator.MAX_KEY_BYTES
                    + " bytes (Sluice's limit)");
        }
        String anonymous = r.getAnonymousId();
        if (anonymous.codePointCount(0, anonymous.length()) > 255
                || !anonymous.isEmpty() && !anonymous.startsWith("anon-")) {
            throw ConnectException.invalid("invalid identify: anonymous_id: must be empty or start with anon-, "
                    + "at most 255 characters");
        }
        if (r.getDeviceId().codePointCount(0, r.getDeviceId().length()) > 36) {
            throw ConnectException.invalid("invalid identify: device_id: at most 36 characters");
        }
        Map<String, String> traits = new LinkedHashMap<>();
        for (Map.Entry<String, Value> t : r.getTraits().getFieldsMap().entrySet()) {
            if (EventValidator.utf8Length(t.getKey()) > EventValidator.MAX_KEY_BYTES) {
                throw ConnectException.invalid("invalid identify: traits: a key is longer than "
                        + EventValidator.MAX_KEY_BYTES + " bytes (Sluice's limit)");
            }
            if (!finite(t.getValue())) {
                throw ConnectException.invalid("invalid identify: traits." + t.getKey()
                        + ": numbers must be finite (NaN and Infinity have no JSON form)");
            }
            traits.put(t.getKey(), json(t.getValue()));
        }
        return new IdentifyItem(r.getExternalId(), traits, anonymous, r.getDeviceId());
    }

    /** Whether every number in {@code value} (at any depth) is finite; protobuf bounds the depth when parsing. */
    private static boolean finite(Value value) {
        return switch (value.getKindCase()) {
            case NUMBER_VALUE -> Double.isFinite(value.getNumberValue());
            case STRUCT_VALUE -> value.getStructValue().getFieldsMap().values().stream().allMatch(IdentifyValidator::finite);
            case LIST_VALUE -> value.getListValue().getValuesList().stream().allMatch(IdentifyValidator::finite);
            default -> true;
        };
    }

    private static String json(Value value) {
        try {
            return value.getKindCase() == Value.KindCase.KIND_NOT_SET ? "null" : PRINTER.print(value);
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            // Non-finite numbers are refused above; anything else JSON cannot hold is still the client's.
            throw ConnectException.invalid("invalid identify: traits: " + e.getMessage());
        }
    }
}
