package dev.sluice.analytics;

import java.sql.SQLException;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Appends feed rows: DuckDB's Appender fills {@code incoming}, then one transaction moves the rows into
 * {@code events} with the promoted columns computed and empties {@code incoming}. A crash in between leaves
 * rows in {@code incoming} only; they are dropped at open and read again from the row store, because the
 * replica's cursor comes from {@code events}.
 */
final class EventAppender {

    private EventAppender() {
    }

    static void append(DuckDBConnection connection, List<FeedRow> rows, List<PromotedKey> promoted) throws SQLException {
        try (DuckDBAppender a = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "incoming")) {
            for (FeedRow r : rows) {
                a.beginRow();
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
                a.endRow();
            }
        }
        StringBuilder cols = new StringBuilder(ReplicaSchema.BASE_COLUMNS);
        StringBuilder exprs = new StringBuilder(ReplicaSchema.BASE_COLUMNS);
        for (String[] c : Promotions.assignments(promoted)) {
            cols.append(", ").append(c[0]);
            exprs.append(", ").append(c[1]);
        }
        connection.setAutoCommit(false);
        try (var s = connection.createStatement()) {
            s.execute("INSERT INTO events (" + cols + ") SELECT " + exprs + " FROM incoming");
            s.execute("DELETE FROM incoming");
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
