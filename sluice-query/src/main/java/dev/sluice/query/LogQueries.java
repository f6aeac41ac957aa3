package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Log records of a project, newest first, filtered by time range, minimum severity, text and trace id. */
public final class LogQueries {

    private final Store store;

    private LogQueries(Store store) {
        this.store = store;
    }

    /** Read service over {@code store}. */
    public static LogQueries create(Store store) {
        return new LogQueries(store);
    }

    /**
     * The filter.
     *
     * @param minSeverity the lowest OpenTelemetry severity number to include
     * @param text a case-insensitive substring of the body
     */
    public record Filter(long fromMillis, long toMillis, int minSeverity, Optional<String> text,
                         Optional<String> traceId) {
    }

    /** One page of matching records. */
    public Page<LogView> list(ProjectId project, Filter f, Optional<String> cursor, int limit) {
        int n = Rows.limit(limit);
        Optional<Cursors.Position> after = Cursors.decode(cursor);
        StringBuilder sql = new StringBuilder("SELECT * FROM log_records WHERE project_id = ? AND occurred_at >= ? "
                + "AND occurred_at < ? AND severity_number >= ?");
        f.text().ifPresent(t -> sql.append(" AND LOWER(body) LIKE ? ESCAPE '\\'"));
        f.traceId().ifPresent(t -> sql.append(" AND trace_id = ?"));
        sql.append(Cursors.before(after, "occurred_at", "id"));
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT ?");
        List<LogView> rows = store.read(c -> {
            List<LogView> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setString(i++, project.value());
                ps.setLong(i++, f.fromMillis());
                ps.setLong(i++, f.toMillis());
                ps.setInt(i++, f.minSeverity());
                if (f.text().isPresent()) {
                    ps.setString(i++, "%" + f.text().get().toLowerCase(java.util.Locale.ROOT)
                            .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
                }
                if (f.traceId().isPresent()) {
                    ps.setString(i++, f.traceId().get());
                }
                i = Cursors.bind(ps, i, after);
                ps.setInt(i, n + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new LogView(rs.getString("id"), rs.getLong("occurred_at"),
                                rs.getInt("severity_number"), rs.getString("severity_text"), rs.getString("body"),
                                Rows.optional(rs, "trace_id"), Rows.optional(rs, "span_id"),
                                Rows.optional(rs, "service"), Rows.optional(rs, "environment"),
                                Rows.optional(rs, "release"), rs.getString("attributes")));
                    }
                }
            }
            return out;
        });
        return IssueQueries.page(rows, n, last -> Cursors.encode(last.occurredAt(), last.id()));
    }
}
