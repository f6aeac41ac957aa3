package dev.sluice.query.insights;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.insights.Filters.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The activity reads that aggregate many events (a person's heatmap and facts, a property's observed values),
 * answered by this node's DuckDB replica instead of streaming the events out of the row store. Like insights,
 * each read first makes sure every acknowledged write is in the replica.
 */
public final class ReplicaActivity {

    private final AnalyticsReplica replica;

    private ReplicaActivity(AnalyticsReplica replica) {
        this.replica = replica;
    }

    /** Activity reads on {@code replica}. */
    public static ReplicaActivity create(AnalyticsReplica replica) {
        return new ReplicaActivity(replica);
    }

    /** What a person's events say: first/last time, counts, and the auto properties of the latest event. */
    public record PersonFacts(long first, long last, long total, long pageviews, long sessions, String latestAutoJson) {
    }

    /** Events per UTC day ({@code yyyy-MM-dd}) of these distinct ids in [from, to), days with events only. */
    public TreeMap<String, Long> days(ProjectId project, Set<String> distinctIds, long from, long to) {
        replica.catchUp();
        TreeMap<String, Long> out = new TreeMap<>();
        if (distinctIds.isEmpty()) {
            return out;
        }
        Sql sql = new Sql().add("SELECT strftime(epoch_ms(ts), '%Y-%m-%d') AS d, count(*) FROM events WHERE project = ")
                .arg(project.value()).add(" AND ts >= ").arg(from).add(" AND ts < ").arg(to)
                .add(" AND distinct_id IN (").args(List.copyOf(distinctIds)).add(") GROUP BY d");
        replica.read(c -> {
            sql.each(c, rs -> out.put(rs.getString(1), rs.getLong(2)));
            return null;
        });
        return out;
    }

    /** The facts of these distinct ids' events; empty when they have none. {@code pageviewKinds} count as views. */
    public Optional<PersonFacts> facts(ProjectId project, Set<String> distinctIds, Set<String> pageviewKinds) {
        replica.catchUp();
        if (distinctIds.isEmpty()) {
            return Optional.empty();
        }
        Sql sql = new Sql().add("SELECT min(ts), max(ts), count(*), count(*) FILTER (WHERE kind IN (")
                .args(pageviewKinds.stream().sorted().toList()).add(")), count(DISTINCT session_id) FILTER "
                        + "(WHERE session_id <> ''), first(auto_props ORDER BY ts DESC, event_id DESC) FROM events "
                        + "WHERE project = ").arg(project.value()).add(" AND distinct_id IN (")
                .args(List.copyOf(distinctIds)).add(")");
        List<PersonFacts> out = new ArrayList<>();
        replica.read(c -> {
            sql.each(c, rs -> {
                if (rs.getLong(3) > 0) {
                    out.add(new PersonFacts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getString(6)));
                }
            });
            return null;
        });
        return out.stream().findFirst();
    }

    /**
     * Distinct non-empty values of an event property (text as the insight filters read it), most frequent first,
     * ties by value, at most {@code limit}; {@code kind} narrows to one event kind when not empty.
     */
    public List<String> propertyValues(ProjectId project, Source source, String property, String kind, int limit) {
        replica.catchUp();
        SqlExpr x = new SqlExpr(replica.promoted());
        Sql sql = new Sql().add("SELECT v FROM (SELECT ").add(x.text(source, property)).add(" AS v FROM events WHERE "
                + "project = ").arg(project.value());
        if (!kind.isEmpty()) {
            sql.add(" AND kind = ").arg(kind);
        }
        sql.add(") WHERE v <> '' GROUP BY v ORDER BY count(*) DESC, v LIMIT ").arg(limit);
        List<String> out = new ArrayList<>();
        replica.read(c -> {
            sql.each(c, rs -> out.add(rs.getString(1)));
            return null;
        });
        return out;
    }
}
