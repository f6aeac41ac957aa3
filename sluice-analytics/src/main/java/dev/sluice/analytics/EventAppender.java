package dev.sluice.analytics;

import dev.sluice.analytics.PromotedValues.Cell;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Appends feed rows to {@code events} with DuckDB's Appender, promoted columns included: one pass, no second
 * DuckDB statement per page. The promoted values come from {@link PromotedValues} (Java); the rare row it is not
 * sure of gets them from DuckDB's own expressions first, through {@code incoming} (emptied at open, so a crash
 * there leaves nothing behind). The append itself is one flush in feed order, so the replica's cursor — the
 * largest position in {@code events} — only ever names a row whose predecessors are all there.
 */
final class EventAppender {

    private EventAppender() {
    }

    static void append(DuckDBConnection connection, List<FeedRow> rows, List<PromotedKey> promoted) throws SQLException {
        Cell[][] cells = new Cell[rows.size()][];
        List<Integer> unsure = new java.util.ArrayList<>();
        PromotedValues.Page page = new PromotedValues.Page(promoted);
        for (int i = 0; i < cells.length; i++) {
            Optional<Cell[]> c = page.of(rows.get(i));
            if (c.isPresent()) {
                cells[i] = c.get();
            } else {
                unsure.add(i);
            }
        }
        if (!unsure.isEmpty()) {
            Map<String, Cell[]> computed = inDuckDb(connection, unsure.stream().map(rows::get).toList(), promoted);
            for (int i : unsure) {
                cells[i] = computed.get(key(rows.get(i).project(), rows.get(i).eventId()));
            }
        }
        try (DuckDBAppender a = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events")) {
            for (int i = 0; i < cells.length; i++) {
                a.beginRow();
                base(a, rows.get(i));
                for (Cell c : cells[i]) {
                    text(a, c.text());
                    text(a, c.type());
                    if (c.number() == null) {
                        a.appendNull();
                    } else {
                        a.append(c.number().doubleValue());
                    }
                }
                a.endRow();
            }
        }
    }

    /** The promoted cells of these rows as DuckDB's expressions compute them, by (project, event id). */
    private static Map<String, Cell[]> inDuckDb(DuckDBConnection connection, List<FeedRow> rows,
                                                List<PromotedKey> promoted) throws SQLException {
        try (DuckDBAppender a = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "incoming")) {
            for (FeedRow r : rows) {
                a.beginRow();
                base(a, r);
                a.endRow();
            }
        }
        StringBuilder exprs = new StringBuilder("project, event_id");
        for (String[] c : Promotions.assignments(promoted)) {
            exprs.append(", ").append(c[1]);
        }
        Map<String, Cell[]> out = new HashMap<>();
        try (var s = connection.createStatement()) {
            try (var rs = s.executeQuery("SELECT " + exprs + " FROM incoming")) {
                while (rs.next()) {
                    Cell[] cells = new Cell[promoted.size()];
                    for (int k = 0; k < cells.length; k++) {
                        // getObject: DuckDB's getDouble answers NaN for NULL and wasNull does not say so.
                        Double number = (Double) rs.getObject(5 + 3 * k);
                        cells[k] = new Cell(rs.getString(3 + 3 * k), rs.getString(4 + 3 * k), number);
                    }
                    out.put(key(rs.getString(1), rs.getString(2)), cells);
                }
            }
            s.execute("DELETE FROM incoming");
        }
        return out;
    }

    private static void base(DuckDBAppender a, FeedRow r) throws SQLException {
        a.append(r.project());
        a.append(r.eventId());
        a.append(r.distinctId());
        a.append(r.kind());
        a.append(r.occurredAt());
        a.append(r.sessionId());
        a.append(r.cookieless());
        a.append(r.autoJson());
        a.append(r.customJson());
        a.append(r.receivedAt());
        a.append(r.position());
    }

    private static void text(DuckDBAppender a, String value) throws SQLException {
        if (value == null) {
            a.appendNull();
        } else {
            a.append(value);
        }
    }

    private static String key(String project, String eventId) {
        return project + '\u0000' + eventId;
    }
}
