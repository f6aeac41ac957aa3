package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
     * Occurrences received per bucket for each of {@code issueIds} of {@code project}: {@code buckets} buckets
     * of {@code bucketMillis} starting at {@code fromMillis}, oldest first. Issues with none map to zeros.
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
        long to = fromMillis + bucketMillis * buckets;
        String in = String.join(", ", Collections.nCopies(issueIds.size(), "?"));
        String sql = "SELECT issue_id, (received_at - ?) / ?, COUNT(*) FROM error_events WHERE project_id = ? "
                + "AND issue_id IN (" + in + ") AND received_at >= ? AND received_at < ? GROUP BY issue_id, 2";
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setLong(i++, fromMillis);
                ps.setLong(i++, bucketMillis);
                ps.setString(i++, project.value());
                for (String id : issueIds) {
                    ps.setString(i++, id);
                }
                ps.setLong(i++, fromMillis);
                ps.setLong(i, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long[] series = out.get(rs.getString(1));
                        int b = (int) rs.getLong(2);
                        if (series != null && b >= 0 && b < buckets) {
                            series[b] += rs.getLong(3);
                        }
                    }
                }
                return out;
            }
        });
    }
}
