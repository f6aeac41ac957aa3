package dev.sluice.store;

import static dev.sluice.store.JdbcWriteTx.fail;
import static dev.sluice.store.JdbcWriteTx.setOptional;
import static dev.sluice.store.JdbcWriteTx.setText;

import dev.sluice.protocol.Span;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link TraceWrites} over one JDBC connection. Pieces of a trace are found by the {@code (project_id,
 * trace_id)} index, so a join costs a few indexed reads however large the table.
 */
final class JdbcTraceWrites implements TraceWrites {

    private final JdbcWriteTx tx;
    private final Connection c;

    JdbcTraceWrites(JdbcWriteTx tx) {
        this.tx = tx;
        this.c = tx.connection();
    }

    @Override
    public boolean insert(TransactionRow row) {
        try {
            Optional<String> host = row.parentSpanId().isPresent() ? holder(row, row.parentSpanId().get())
                    : Optional.empty();
            String into;
            if (host.isPresent()) {
                append(host.get(), row.spans());
                into = host.get();
            } else {
                tx.insertTransactions(List.of(row));
                into = row.id();
            }
            adopt(row, into);
            return host.isEmpty();
        } catch (SQLException e) {
            throw fail("trace join", e);
        }
    }

    /** The transaction of the row's trace whose root is {@code spanId} or that holds a span {@code spanId}. */
    private Optional<String> holder(TransactionRow row, String spanId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT t.id FROM transactions t WHERE t.project_id = ? "
                + "AND t.trace_id = ? AND (t.span_id = ? OR EXISTS (SELECT 1 FROM spans s WHERE s.transaction_id = "
                + "t.id AND s.span_id = ?)) ORDER BY t.id LIMIT 1")) {
            ps.setString(1, row.project().value());
            setText(ps, 2, row.traceId());
            setText(ps, 3, spanId);
            setText(ps, 4, spanId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Moves the stored fragments of the trace waiting for one of the row's spans into {@code into}. */
    private void adopt(TransactionRow row, String into) throws SQLException {
        Set<String> present = new HashSet<>();
        row.spanId().ifPresent(present::add);
        row.spans().forEach(s -> present.add(s.spanId()));
        List<String> waiting = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, parent_span_id FROM transactions WHERE project_id = ? "
                + "AND trace_id = ? AND parent_span_id IS NOT NULL AND orphaned_at IS NULL AND id <> ?")) {
            ps.setString(1, row.project().value());
            setText(ps, 2, row.traceId());
            ps.setString(3, into);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (present.contains(rs.getString(2))) {
                        waiting.add(rs.getString(1));
                    }
                }
            }
        }
        for (String fragment : waiting) {
            append(into, spans(fragment));
            for (String sql : new String[] {"DELETE FROM spans WHERE transaction_id = ?",
                    "DELETE FROM transactions WHERE id = ?"}) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, fragment);
                    ps.executeUpdate();
                }
            }
        }
    }

    @Override
    public List<Waiting> waiting(long receivedBefore, int limit) {
        List<Waiting> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, project_id, trace_id FROM transactions WHERE "
                + "parent_span_id IS NOT NULL AND orphaned_at IS NULL AND received_at < ? ORDER BY received_at, id "
                + "LIMIT ?")) {
            ps.setLong(1, receivedBefore);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Waiting(rs.getString(1), new dev.sluice.protocol.ProjectId(rs.getString(2)),
                            rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw fail("waiting trace pieces", e);
        }
        return out;
    }

    @Override
    public Optional<TransactionRow> orphan(String id, long nowMillis) {
        try {
            try (PreparedStatement ps = c.prepareStatement("UPDATE transactions SET orphaned_at = ? WHERE id = ? "
                    + "AND parent_span_id IS NOT NULL AND orphaned_at IS NULL")) {
                ps.setLong(1, nowMillis);
                ps.setString(2, id);
                if (ps.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT project_id, name, trace_id, duration_ms, status, "
                    + "environment, release, received_at, occurred_at, timestamp_raw, span_id, parent_span_id "
                    + "FROM transactions WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Optional.of(new TransactionRow(id, new dev.sluice.protocol.ProjectId(rs.getString(1)),
                            rs.getString(2), rs.getString(3), rs.getDouble(4), rs.getString(5),
                            Optional.ofNullable(rs.getString(6)), Optional.ofNullable(rs.getString(7)), rs.getLong(8),
                            rs.getLong(9), Optional.ofNullable(rs.getString(10)), List.of(),
                            Optional.ofNullable(rs.getString(11)), Optional.ofNullable(rs.getString(12))));
                }
            }
        } catch (SQLException e) {
            throw fail("orphan trace piece", e);
        }
    }

    private List<Span> spans(String transactionId) throws SQLException {
        List<Span> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT span_id, op, description, duration_ms, parent_span_id "
                + "FROM spans WHERE transaction_id = ? ORDER BY seq")) {
            ps.setString(1, transactionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Span(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
                            rs.getDouble(4), Optional.ofNullable(rs.getString(5))));
                }
            }
        }
        return out;
    }

    /** Appends {@code spans} after the last span of {@code transactionId}, and counts them. */
    private void append(String transactionId, List<Span> spans) throws SQLException {
        int seq;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(MAX(seq), -1) + 1 FROM spans WHERE transaction_id = ?")) {
            ps.setString(1, transactionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getInt(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO spans (transaction_id, seq, span_id, op, "
                + "description, duration_ms, parent_span_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Span s : spans) {
                ps.setString(1, transactionId);
                ps.setInt(2, seq++);
                setText(ps, 3, s.spanId());
                setText(ps, 4, s.op());
                setOptional(ps, 5, s.description());
                ps.setDouble(6, s.durationMs());
                setOptional(ps, 7, s.parentSpanId());
                ps.addBatch();
            }
            if (!spans.isEmpty()) {
                ps.executeBatch();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE transactions SET span_count = span_count + ? WHERE id = ?")) {
            ps.setInt(1, spans.size());
            ps.setString(2, transactionId);
            ps.executeUpdate();
        }
    }
}
