package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Transactions with their spans, newest first. */
public final class TransactionQueries {

    private final Store store;

    private TransactionQueries(Store store) {
        this.store = store;
    }

    /** Read service over {@code store}. */
    public static TransactionQueries create(Store store) {
        return new TransactionQueries(store);
    }

    /** One transaction of {@code project} with its spans. */
    public Optional<TransactionView> get(ProjectId project, String id) {
        return select(project, Optional.empty(), Optional.of(id), Optional.empty(), 1).stream().findFirst();
    }

    /** Transactions of {@code project}, optionally only those named {@code name}. */
    public Page<TransactionView> list(ProjectId project, Optional<String> name, Optional<String> cursor, int limit) {
        int n = Rows.limit(limit);
        List<TransactionView> rows = select(project, name, Optional.empty(), Cursors.decode(cursor), n + 1);
        return IssueQueries.page(rows, n, last -> Cursors.encode(0, last.id()));
    }

    private List<TransactionView> select(ProjectId project, Optional<String> name, Optional<String> id,
                                         Optional<Cursors.Position> after, int max) {
        String sql = "SELECT * FROM transactions WHERE project_id = ?" + (name.isPresent() ? " AND name = ?" : "")
                + (id.isPresent() ? " AND id = ?" : "")
                + (after.isPresent() ? " AND id < ?" : "") + " ORDER BY id DESC LIMIT ?";
        return store.read(c -> {
            List<TransactionView> partial = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, project.value());
                if (name.isPresent()) {
                    ps.setString(i++, name.get());
                }
                if (id.isPresent()) {
                    ps.setString(i++, id.get());
                }
                if (after.isPresent()) {
                    ps.setString(i++, after.get().id());
                }
                ps.setInt(i, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        partial.add(new TransactionView(rs.getString("id"), rs.getString("name"),
                                rs.getString("trace_id"), rs.getDouble("duration_ms"), rs.getString("status"),
                                Rows.optional(rs, "environment"), Rows.optional(rs, "release"),
                                rs.getLong("received_at"), rs.getLong("occurred_at"), List.of()));
                    }
                }
            }
            if (partial.isEmpty()) {
                return partial;
            }
            Map<String, List<TransactionView.SpanView>> spans = new HashMap<>();
            String in = String.join(", ", java.util.Collections.nCopies(partial.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM spans WHERE transaction_id IN (" + in
                    + ") ORDER BY transaction_id, seq")) {
                for (int i = 0; i < partial.size(); i++) {
                    ps.setString(i + 1, partial.get(i).id());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        spans.computeIfAbsent(rs.getString("transaction_id"), k -> new ArrayList<>())
                                .add(new TransactionView.SpanView(rs.getString("span_id"), rs.getString("op"),
                                        Rows.optional(rs, "description"), rs.getDouble("duration_ms"),
                                        Rows.optional(rs, "parent_span_id")));
                    }
                }
            }
            return partial.stream().map(t -> new TransactionView(t.id(), t.name(), t.traceId(), t.durationMs(),
                    t.status(), t.environment(), t.release(), t.receivedAt(), t.occurredAt(),
                    spans.getOrDefault(t.id(), List.of()))).toList();
        });
    }
}
