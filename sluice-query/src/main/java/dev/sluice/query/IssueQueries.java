package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Issues and their occurrences, newest activity first; the list takes {@link IssueFilter}s. Issues merged
 * into another are left out of lists (their events count for the target).
 */
public final class IssueQueries {

    private final Store store;
    private final Clock clock;

    private IssueQueries(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Read service over {@code store}. */
    public static IssueQueries create(Store store) {
        return create(store, Clock.systemUTC());
    }

    /** Read service over {@code store}; {@code clock} decides which ignores have run out. */
    public static IssueQueries create(Store store, Clock clock) {
        return new IssueQueries(store, clock);
    }

    /** Issues of {@code project} by last seen, newest first. */
    public Page<IssueSummary> list(ProjectId project, Optional<String> cursor, int limit) {
        return list(project, IssueFilter.none(), cursor, limit);
    }

    /** Issues of {@code project} matching {@code filter}, by last seen, newest first. */
    public Page<IssueSummary> list(ProjectId project, IssueFilter filter, Optional<String> cursor, int limit) {
        int n = Rows.limit(limit);
        long now = clock.millis();
        Optional<Cursors.Position> after = Cursors.decode(cursor);
        Sql sql = IssueSql.where(store.dialect(), project, filter, now);
        after.ifPresent(p -> sql.and("(i.last_seen < ? OR (i.last_seen = ? AND i.id < ?))", p.sortValue(),
                p.sortValue(), p.id()));
        String text = "SELECT i.* FROM issues i WHERE " + sql.where() + " ORDER BY i.last_seen DESC, i.id DESC LIMIT ?";
        List<IssueSummary> rows = store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(text)) {
                int i = sql.bind(ps);
                ps.setInt(i, n + 1);
                return issues(ps, now);
            }
        });
        return page(rows, n, last -> Cursors.encode(last.lastSeen(), last.id()));
    }

    /** One issue of {@code project}. */
    public Optional<IssueSummary> get(ProjectId project, String issueId) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM issues WHERE project_id = ? AND id = ?")) {
                ps.setString(1, project.value());
                ps.setString(2, issueId);
                return issues(ps, clock.millis()).stream().findFirst();
            }
        });
    }

    /** Occurrences of one issue of {@code project}, newest first. */
    public Page<Occurrence> occurrences(ProjectId project, String issueId, Optional<String> cursor, int limit) {
        int n = Rows.limit(limit);
        Optional<Cursors.Position> after = Cursors.decode(cursor);
        String sql = "SELECT * FROM error_events WHERE project_id = ? AND issue_id = ?"
                + (after.isPresent() ? " AND id < ?" : "") + " ORDER BY id DESC LIMIT ?";
        List<Occurrence> rows = store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, project.value());
                ps.setString(i++, issueId);
                if (after.isPresent()) {
                    ps.setString(i++, after.get().id());
                }
                ps.setInt(i, n + 1);
                List<Occurrence> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Occurrence(rs.getString("id"), rs.getString("issue_id"),
                                rs.getLong("received_at"), rs.getLong("occurred_at"), rs.getString("level"),
                                Rows.optional(rs, "environment"), Rows.optional(rs, "release"),
                                rs.getString("detail")));
                    }
                }
                return out;
            }
        });
        return page(rows, n, last -> Cursors.encode(0, last.id()));
    }

    private static List<IssueSummary> issues(PreparedStatement ps, long now) throws SQLException {
        List<IssueSummary> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new IssueSummary(rs.getString("id"), rs.getInt("rule_version"), rs.getString("fingerprint"),
                        rs.getString("title"), rs.getString("level"), rs.getLong("event_count"),
                        rs.getLong("first_seen"), rs.getLong("last_seen"), Rows.optional(rs, "last_release"),
                        Rows.optional(rs, "last_environment"), Rows.optional(rs, "message"), IssueSql.lifecycle(rs, now)));
            }
        }
        return out;
    }

    /** Rows were fetched with one extra to learn whether another page exists. */
    static <T> Page<T> page(List<T> rows, int limit, java.util.function.Function<T, String> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, Optional.empty());
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, Optional.of(cursorOf.apply(items.get(limit - 1))));
    }
}
