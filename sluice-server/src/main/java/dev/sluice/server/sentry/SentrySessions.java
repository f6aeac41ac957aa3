package dev.sluice.server.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.SessionAggregateItem;
import dev.sluice.protocol.SessionItem;
import dev.sluice.server.ingest.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sentry's release-health items: {@code session} (one session's update: {@code sid}, {@code status},
 * {@code errors}, {@code started}) and {@code sessions} (pre-counted {@code aggregates}: {@code exited},
 * {@code errored}, {@code abnormal}, {@code crashed} per {@code started}), both with
 * {@code attrs.release}/{@code attrs.environment}. Like Sentry, sessions without a release are dropped.
 */
final class SentrySessions {

    static final int MAX_AGGREGATES = 1000;

    private SentrySessions() {
    }

    /** The item, or empty when it has no release. */
    static Optional<Item> session(ObjectNode p) throws Refusal {
        Optional<String> release = Nodes.text(p.path("attrs"), "release").filter(r -> !r.isBlank());
        String sid = Nodes.text(p, "sid").orElse("");
        if (sid.isEmpty() || sid.length() > 128) {
            throw invalid("session needs a sid of 1-128 characters");
        }
        String status = Nodes.text(p, "status").orElse("ok");
        if (!SessionItem.STATUSES.contains(status)) {
            throw invalid("session status must be one of " + SessionItem.STATUSES);
        }
        long errors = p.path("errors").asLong(0);
        if (release.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SessionItem(sid, release.get(), Nodes.text(p.path("attrs"), "environment"), status,
                Math.max(0, errors), Nodes.isoTimestamp(p.get("started"))));
    }

    /** The aggregates' items; none without a release. */
    static List<Item> aggregates(ObjectNode p) throws Refusal {
        Optional<String> release = Nodes.text(p.path("attrs"), "release").filter(r -> !r.isBlank());
        List<Item> out = new ArrayList<>();
        List<JsonNode> buckets = Nodes.values(p, "aggregates");
        if (buckets.size() > MAX_AGGREGATES) {
            throw invalid("sessions has more than " + MAX_AGGREGATES + " aggregates");
        }
        if (release.isEmpty()) {
            return out;
        }
        for (JsonNode a : buckets) {
            long exited = count(a, "exited");
            long errored = count(a, "errored");
            long abnormal = count(a, "abnormal");
            long crashed = count(a, "crashed");
            if (exited + errored + abnormal + crashed > 0) {
                out.add(new SessionAggregateItem(release.get(), Nodes.text(p.path("attrs"), "environment"), exited,
                        errored, abnormal, crashed, Nodes.isoTimestamp(a.get("started"))));
            }
        }
        return out;
    }

    private static long count(JsonNode a, String field) throws Refusal {
        long n = a.path(field).asLong(0);
        if (n < 0 || n > 1_000_000_000L) {
            throw invalid("sessions aggregate " + field + " must be 0-1000000000");
        }
        return n;
    }

    private static Refusal invalid(String message) {
        return Refusal.of(Refusal.Reason.INVALID, "invalid session: " + message);
    }
}
