package dev.sluice.query.insights;

import dev.sluice.query.insights.InsightResult.Funnel;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * FUNNEL on the replica: SQL resolves persons, applies every filter and orders each person's step events
 * ({@code person, ts, event id}); the rows stream through {@link FunnelWalk} one person at a time, so memory
 * holds one person's events, never the range's.
 */
final class ReplicaFunnel {

    private ReplicaFunnel() {
    }

    static Funnel funnel(Connection c, Sql base, InsightQuery q) throws SQLException {
        int steps = q.events().size();
        int keys = q.breakdowns().size();
        Sql sql = new Sql().add("WITH ev AS (").add(base).add("), m AS (SELECT person, ts, event_id");
        for (int s = 0; s < steps; s++) {
            sql.add(", ").add(SqlExpr.event(q.events().get(s).event())).add(" AS m" + s);
        }
        for (int i = 0; i < keys; i++) {
            sql.add(", ").add(SqlExpr.value(q.breakdowns().get(i))).add(" AS k" + i);
        }
        sql.add(" FROM ev WHERE person <> '') SELECT * FROM m WHERE FALSE");
        for (int s = 0; s < steps; s++) {
            sql.add(" OR m" + s);
        }
        sql.add(" ORDER BY person, ts, event_id");
        FunnelWalk walk = new FunnelWalk(q);
        Person current = new Person();
        sql.each(c, rs -> {
            String person = rs.getString(1);
            if (!Objects.equals(person, current.id)) {
                current.flush(walk, steps);
                current.id = person;
            }
            boolean[] m = new boolean[steps];
            for (int s = 0; s < steps; s++) {
                m[s] = rs.getBoolean(4 + s);
            }
            current.times.add(rs.getLong(2));
            current.matches.add(m);
            if (current.key == null && m[0]) {
                List<String> key = new ArrayList<>();
                for (int i = 0; i < keys; i++) {
                    key.add(rs.getString(4 + steps + i));
                }
                current.key = key;
            }
        });
        current.flush(walk, steps);
        return walk.result();
    }

    /** The events of the person being read. */
    private static final class Person {
        String id;
        final List<Long> times = new ArrayList<>();
        final List<boolean[]> matches = new ArrayList<>();
        List<String> key;

        void flush(FunnelWalk walk, int steps) {
            if (id != null && !times.isEmpty()) {
                walk.person(times.stream().mapToLong(Long::longValue).toArray(), matches.toArray(new boolean[0][]),
                        key == null ? List.of() : key);
            }
            times.clear();
            matches.clear();
            key = null;
        }
    }
}
