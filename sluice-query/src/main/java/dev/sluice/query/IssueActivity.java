package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Occurrences of issues over time, bucketed: the dashboard's sparklines and the issue page's chart. */
public final class IssueActivity {

    private final Store store;

    private IssueActivity(Store store) {
        this.store = store;
    }

    /** Read service over {@code store}. */
    public static IssueActivity create(Store store) {
        return new IssueActivity(store);
    }

    /**
     * Occurrences stored per bucket for each of {@code issueIds} of {@code project}: {@code buckets} buckets
     * of {@code bucketMillis} starting at {@code fromMillis}, oldest first. Issues with none map to zeros.
     * An occurrence's time here is the one in its UUIDv7 id (stamped by the writer, a commit wait after
     * receipt), so each bucket is an id range on the {@code (issue_id, id)} index: there is no second per-issue
     * index by time, because every group commit paid a page write per issue for it.
     */
    public Map<String, long[]> buckets(ProjectId project, List<String> issueIds, long fromMillis, long bucketMillis,
                                       int buckets) {
        if (bucketMillis <= 0 || buckets <= 0 || buckets > 1000) {
            throw new IllegalArgumentException("bucket width must be positive and at most 1000 buckets");
        }
        Map<String, long[]> out = new HashMap<>();
        issueIds.forEach(id -> out.put(id, new long[buckets]));
        if (issueIds.isEmpty()) {
            return out;
        }
        String in = String.join(", ", Collections.nCopies(issueIds.size(), "?"));
        String sql = "WITH b (n, lo, hi) AS (VALUES " + String.join(", ", Collections.nCopies(buckets, "(?, ?, ?)"))
                + ") SELECT e.issue_id, b.n, COUNT(*) FROM b JOIN error_events e ON e.issue_id IN (" + in
                + ") AND e.id >= b.lo AND e.id < b.hi WHERE e.project_id = ? AND e.id >= ? AND e.id < ? "
                + "GROUP BY e.issue_id, b.n";
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (int b = 0; b < buckets; b++) {
                    long lo = fromMillis + bucketMillis * b;
                    ps.setInt(i++, b);
                    ps.setString(i++, idFloor(lo));
                    ps.setString(i++, idFloor(lo + bucketMillis));
                }
                for (String id : issueIds) {
                    ps.setString(i++, id);
                }
                ps.setString(i++, project.value());
                // The whole window again, as plain bounds: PostgreSQL's planner cannot see through the VALUES
                // rows and would otherwise read the issues' every occurrence and filter them per bucket.
                ps.setString(i++, idFloor(fromMillis));
                ps.setString(i, idFloor(fromMillis + bucketMillis * buckets));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long[] series = out.get(rs.getString(1));
                        int b = rs.getInt(2);
                        if (series != null && b >= 0 && b < buckets) {
                            series[b] += rs.getLong(3);
                        }
                    }
                }
                return out;
            }
        });
    }

    /**
     * The smallest UUIDv7 text of {@code millis}: ids compare as text in time order, and every id stamped at
     * or after {@code millis} is {@code >=} it (its version nibble 7 sorts above this floor's 0).
     */
    static String idFloor(long millis) {
        return new UUID(Math.max(0, millis) << 16, 0).toString();
    }
}
