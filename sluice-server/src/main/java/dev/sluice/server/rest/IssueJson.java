package dev.sluice.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.query.IssueSummary;
import dev.sluice.query.Occurrence;
import dev.sluice.query.Page;
import dev.sluice.server.http.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.function.Function;

/** The JSON of issues, occurrences and pages. */
final class IssueJson {

    private IssueJson() {
    }

    static <T> ObjectNode page(Page<T> page, Function<T, ObjectNode> render) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        page.items().forEach(i -> items.add(render.apply(i)));
        return ApiSupport.list(items, page.nextCursor());
    }

    static ObjectNode issue(IssueSummary i) {
        ObjectNode out = Json.object().put("id", i.id()).put("title", i.title()).put("level", i.level())
                .put("count", i.count()).put("firstSeen", time(i.firstSeen()))
                .put("lastSeen", time(i.lastSeen()))
                .put("fingerprint", i.fingerprint()).put("groupingRule", i.ruleVersion());
        i.lastRelease().ifPresent(r -> out.put("lastRelease", r));
        i.lastEnvironment().ifPresent(e -> out.put("lastEnvironment", e));
        i.message().ifPresent(m -> out.put("message", m));
        IssueSummary.Lifecycle l = i.lifecycle();
        out.put("status", l.status());
        l.substatus().ifPresentOrElse(s -> out.put("substatus", s), () -> out.putNull("substatus"));
        out.put("isRegression", l.substatus().filter("regressed"::equals).isPresent());
        out.put("timesRegressed", l.timesRegressed());
        time(out, "regressedAt", l.regressedAt());
        time(out, "statusChangedAt", l.statusChangedAt());
        ObjectNode details = out.putObject("statusDetails");
        l.resolvedInRelease().ifPresent(r -> details.put("inRelease", r).put("inNextRelease", true));
        time(details, "ignoreUntil", l.ignoreUntil());
        l.ignoreUntilCount().ifPresent(c -> details.put("ignoreUntilCount", c));
        l.ignoreUserCount().ifPresent(c -> details.put("ignoreUserCount", c).put("ignoreUsersSeen", l.ignoreUsersSeen()));
        l.mergedInto().ifPresent(m -> out.put("mergedInto", m));
        return out;
    }

    static ObjectNode occurrence(Occurrence o) {
        ObjectNode out = Json.object().put("id", o.id()).put("issueId", o.issueId()).put("level", o.level())
                .put("receivedAt", time(o.receivedAt()))
                .put("timestamp", time(o.occurredAt()));
        o.environment().ifPresent(e -> out.put("environment", e));
        o.release().ifPresent(r -> out.put("release", r));
        try {
            JsonNode detail = Json.MAPPER.readTree(o.detailJson());
            detail.properties().forEach(e -> out.set(e.getKey(), e.getValue()));
        } catch (IOException e) {
            out.put("detailError", "stored detail is not JSON");
        }
        return out;
    }

    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static void time(ObjectNode out, String name, OptionalLong millis) {
        millis.ifPresent(m -> out.put(name, time(m)));
    }
}
