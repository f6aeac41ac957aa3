package dev.sluice.server.pug;

import com.google.protobuf.Timestamp;
import dev.sluice.pug.proto.common.v1.PropertyValue;
import dev.sluice.pug.proto.sdk.events.v1.BatchCreateRequest;
import dev.sluice.pug.proto.sdk.events.v1.Event;
import dev.sluice.protocol.AnalyticsEventItem;
import dev.sluice.protocol.AnalyticsValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of pug.md §5.1. Any violation rejects the whole batch with {@code invalid_argument}: the SDK
 * dead-letters such a batch, so nothing of it may be stored.
 */
final class EventValidator {

    static final int MAX_EVENTS = 1000;
    static final int MAX_TEXT_CODE_POINTS = 1024;
    /**
     * Sluice's own bound on ids, kinds and property keys (the spec sets none): they are index keys, and
     * PostgreSQL refuses index entries over ~2.7 kB. Refusing up front beats a batch that can never commit.
     */
    static final int MAX_KEY_BYTES = 2000;
    static final Pattern KIND = Pattern.compile("^[a-zA-Z0-9_.-]+$");
    static final Pattern UUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    /** Auto-properties the server computes itself; client-supplied values are stripped. */
    private static final Set<String> SERVER_OWNED = Set.of("$bot_score", "$verified_bot");

    private EventValidator() {
    }

    static List<AnalyticsEventItem> validate(BatchCreateRequest request) {
        if (request.getEventsCount() > MAX_EVENTS) {
            throw batch("invalid event batch: at most " + MAX_EVENTS + " events per batch, got "
                    + request.getEventsCount());
        }
        List<AnalyticsEventItem> items = new ArrayList<>(request.getEventsCount());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < request.getEventsCount(); i++) {
            AnalyticsEventItem item = event(request.getEvents(i), "events[" + i + "]");
            if (!ids.add(item.eventId().toLowerCase(Locale.ROOT))) {
                throw batch("invalid event batch: duplicate event_id " + item.eventId());
            }
            items.add(item);
        }
        return items;
    }

    private static AnalyticsEventItem event(Event e, String at) {
        if (!e.hasEventId() || !UUID.matcher(e.getEventId()).matches()) {
            throw invalid(at + ".event_id", "must be a UUID");
        }
        boolean cookieless = e.getCookieless();
        if (cookieless) {
            if (e.hasDistinctId() && !e.getDistinctId().isEmpty() || e.hasSessionId() && !e.getSessionId().isEmpty()) {
                throw invalid(at, "a cookieless event must not carry distinct_id or session_id");
            }
        } else {
            if (e.getDistinctId().isEmpty()) {
                throw invalid(at + ".distinct_id", "value is required");
            }
            if (!e.hasSessionId()) {
                throw invalid(at + ".session_id", "value is required");
            }
        }
        tooLong(e.getDistinctId(), at + ".distinct_id");
        tooLong(e.getKind(), at + ".kind");
        if (e.getDistinctId().startsWith("cookieless-")) {
            throw invalid(at + ".distinct_id", "must not start with cookieless-");
        }
        // A UUID whenever present: an explicit "" is invalid too.
        if (e.hasSessionId() && !UUID.matcher(e.getSessionId()).matches()) {
            throw invalid(at + ".session_id", "must be a UUID");
        }
        if (!KIND.matcher(e.getKind()).matches()) {
            throw invalid(at + ".kind", "must match ^[a-zA-Z0-9_.-]+$");
        }
        if (!e.hasOccurTime()) {
            throw invalid(at + ".occur_time", "value is required");
        }
        long occurred = millis(e.getOccurTime(), at + ".occur_time");
        Map<String, AnalyticsValue> auto = new LinkedHashMap<>();
        for (Map.Entry<String, PropertyValue> p : e.getAutoPropertiesMap().entrySet()) {
            if (!p.getKey().startsWith("$")) {
                throw invalid(at + ".auto_properties[" + p.getKey() + "]", "keys must start with $");
            }
            tooLong(p.getKey(), at + ".auto_properties key");
            AnalyticsValue value = value(p.getValue(), at + ".auto_properties[" + p.getKey() + "]");
            if (!SERVER_OWNED.contains(p.getKey())) {
                auto.put(p.getKey(), value);
            }
        }
        Map<String, AnalyticsValue> custom = new LinkedHashMap<>();
        for (Map.Entry<String, PropertyValue> p : e.getCustomPropertiesMap().entrySet()) {
            if (p.getKey().startsWith("$")) {
                throw invalid(at + ".custom_properties[" + p.getKey() + "]", "keys must not start with $");
            }
            tooLong(p.getKey(), at + ".custom_properties key");
            custom.put(p.getKey(), value(p.getValue(), at + ".custom_properties[" + p.getKey() + "]"));
        }
        return new AnalyticsEventItem(e.getEventId().toLowerCase(Locale.ROOT), e.getDistinctId(), e.getKind(),
                occurred, e.getSessionId().toLowerCase(Locale.ROOT), cookieless, auto, custom);
    }

    static void tooLong(String value, String at) {
        if (utf8Length(value) > MAX_KEY_BYTES) {
            throw invalid(at, "longer than " + MAX_KEY_BYTES + " bytes (Sluice's limit)");
        }
    }

    static int utf8Length(String s) {
        // Cheap for the common case: every char is at most 3 bytes, and surrogate pairs are 4 for 2 chars.
        if (s.length() * 3L <= MAX_KEY_BYTES) {
            return s.length();
        }
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** One PropertyValue: exactly one member, text ≤ 1024 code points, finite doubles, valid timestamps. */
    static AnalyticsValue value(PropertyValue v, String at) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> {
                String s = v.getStringValue();
                if (s.codePointCount(0, s.length()) > MAX_TEXT_CODE_POINTS) {
                    throw invalid(at, "string_value longer than " + MAX_TEXT_CODE_POINTS + " characters");
                }
                yield new AnalyticsValue.Text(s);
            }
            case INT_VALUE -> new AnalyticsValue.Int(v.getIntValue());
            case DOUBLE_VALUE -> {
                if (!Double.isFinite(v.getDoubleValue())) {
                    throw invalid(at, "double_value must be finite");
                }
                yield new AnalyticsValue.Real(v.getDoubleValue());
            }
            case BOOL_VALUE -> new AnalyticsValue.Bool(v.getBoolValue());
            case TIMESTAMP_VALUE -> new AnalyticsValue.Time(millis(v.getTimestampValue(), at));
            case VALUE_NOT_SET -> throw invalid(at, "exactly one value must be set");
        };
    }

    /** A valid protobuf Timestamp (years 1–9999, nanos in range) in epoch millis. */
    static long millis(Timestamp t, String at) {
        if (t.getSeconds() < -62_135_596_800L || t.getSeconds() > 253_402_300_799L
                || t.getNanos() < 0 || t.getNanos() > 999_999_999) {
            throw invalid(at, "not a valid timestamp");
        }
        return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
    }

    private static ConnectException invalid(String field, String rule) {
        return batch("invalid event batch: " + field + ": " + rule);
    }

    private static ConnectException batch(String message) {
        return new ConnectException(ConnectCode.INVALID_ARGUMENT, message, "INVALID_EVENT_BATCH");
    }
}
