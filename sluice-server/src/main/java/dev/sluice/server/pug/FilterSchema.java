package dev.sluice.server.pug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.pug.proto.common.v1.EventNameMeta;
import dev.sluice.pug.proto.common.v1.GetFilterSchemaRequest;
import dev.sluice.pug.proto.common.v1.GetFilterSchemaResponse;
import dev.sluice.pug.proto.common.v1.PropertyKeyMeta;
import dev.sluice.pug.proto.common.v1.PropertySource;
import dev.sluice.pug.proto.common.v1.PropertyValueType;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.analytics.AnalyticsQueries;
import dev.sluice.query.analytics.AnalyticsViews.KeyMeta;
import dev.sluice.query.insights.ReplicaActivity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code GetFilterSchema} and {@code GetPropertyValues}, shared by ActivityService and InsightsService. */
final class FilterSchema {

    static final int MAX_VALUES = 1000;
    private static final Pattern PROPERTY_KEY = PropertyFilters.PROPERTY;

    private final AnalyticsQueries queries;
    private final ReplicaActivity replica;

    FilterSchema(AnalyticsQueries queries, ReplicaActivity replica) {
        this.replica = replica;
        this.queries = queries;
    }

    GetFilterSchemaResponse schema(ProjectId project, GetFilterSchemaRequest r) {
        if (!PropertyFilters.KIND_OR_EMPTY.matcher(r.getEventKind()).matches()) {
            throw ConnectException.invalid("event_kind: must match " + PropertyFilters.KIND_OR_EMPTY.pattern());
        }
        for (int i = 0; i < r.getAllowedTypesValueList().size(); i++) {
            int t = r.getAllowedTypesValue(i);
            if (t <= 0 || PropertyValueType.forNumber(t) == null) {
                throw ConnectException.invalid("allowed_types[" + i + "]: must be a defined value other than UNSPECIFIED");
            }
        }
        Set<Integer> allowed = Set.copyOf(r.getAllowedTypesValueList());
        GetFilterSchemaResponse.Builder b = GetFilterSchemaResponse.newBuilder();
        queries.kinds(project).stream().filter(k -> r.getEventKind().isEmpty() || k.name().equals(r.getEventKind()))
                .forEach(k -> b.addEvents(EventNameMeta.newBuilder().setName(k.name()).setCount(k.count())
                        .setLastSeenAt(Props.ts(k.lastSeenAt()))));
        for (KeyMeta k : queries.keys(project, r.getEventKind())) {
            if (allowed.isEmpty() || allowed.contains(k.valueType())) {
                PropertyKeyMeta meta = PropertyKeyMeta.newBuilder().setName(k.name()).setCount(k.count())
                        .setLastSeenAt(Props.ts(k.lastSeenAt())).setValueTypeValue(k.valueType()).build();
                if (k.source().equals("auto")) {
                    b.addAutoPropertyKeys(meta);
                } else {
                    b.addCustomPropertyKeys(meta);
                }
            }
        }
        // Profile properties are JSON: numbers report FLOAT, objects/arrays/null OTHER; first type seen wins.
        Map<String, long[]> profileKeys = new LinkedHashMap<>();
        for (Map<String, String> props : queries.allProfileProperties(project)) {
            ObjectNode o = Props.fromEntries(props);
            o.properties().forEach(e -> profileKeys.computeIfAbsent(e.getKey(), k -> new long[] {0, jsonType(e.getValue())})[0]++);
        }
        profileKeys.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (allowed.isEmpty() || allowed.contains((int) e.getValue()[1])) {
                b.addProfilePropertyKeys(PropertyKeyMeta.newBuilder().setName(e.getKey()).setCount(e.getValue()[0])
                        .setValueTypeValue((int) e.getValue()[1]));
            }
        });
        return b.build();
    }

    /** Distinct observed values of a property (most frequent first), from events or profiles. */
    List<String> values(ProjectId project, String key, PropertySource source, String kind) {
        if (!PROPERTY_KEY.matcher(key).matches()) {
            throw ConnectException.invalid("property_key: must match " + PROPERTY_KEY.pattern());
        }
        if (source == PropertySource.PROPERTY_SOURCE_UNSPECIFIED || source == PropertySource.UNRECOGNIZED) {
            throw ConnectException.invalid("source: must be a defined value other than UNSPECIFIED");
        }
        if (!PropertyFilters.KIND_OR_EMPTY.matcher(kind).matches()) {
            throw ConnectException.invalid("event_kind: must match " + PropertyFilters.KIND_OR_EMPTY.pattern());
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        if (source == PropertySource.PROPERTY_SOURCE_PROFILE) {
            for (Map<String, String> props : queries.allProfileProperties(project)) {
                Props.lookup(Props.fromEntries(props), key).ifPresent(v -> count(counts, v));
            }
        } else {
            // Event values are aggregated by the columnar replica: the row store would stream every event out.
            return replica.propertyValues(project, InsightMapping.source(source), key, kind, MAX_VALUES);
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_VALUES).map(Map.Entry::getKey).toList();
    }

    private static void count(Map<String, Long> counts, JsonNode v) {
        String text = Props.text(v);
        if (!text.isEmpty()) {
            counts.merge(text, 1L, Long::sum);
        }
    }

    private static long jsonType(JsonNode n) {
        if (n.isTextual()) {
            return PropertyValueType.PROPERTY_VALUE_TYPE_STRING_VALUE;
        }
        if (n.isNumber()) {
            return PropertyValueType.PROPERTY_VALUE_TYPE_FLOAT_VALUE;
        }
        if (n.isBoolean()) {
            return PropertyValueType.PROPERTY_VALUE_TYPE_BOOLEAN_VALUE;
        }
        return PropertyValueType.PROPERTY_VALUE_TYPE_OTHER_VALUE;
    }
}
