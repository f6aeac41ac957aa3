package dev.sluice.query;

import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Queue-depth series and lineage graphs. */
public final class JobGraphQueries {

    /** Points per series at most; a wider range is cut at the newest points. */
    static final int MAX_POINTS = 5000;

    private final Store store;

    private JobGraphQueries(Store store) {
        this.store = store;
    }

    /** Read service over {@code store}. */
    public static JobGraphQueries create(Store store) {
        return new JobGraphQueries(store);
    }

    /** One snapshot of one queue. */
    public record QueuePoint(String queue, long at, long depth, long active, long failed,
                             OptionalDouble throughputPerMin, OptionalDouble latencySeconds,
                             Optional<String> workerKey) {
    }

    /** A node of a lineage graph; name and status are known when the task reported events or was named. */
    public record Node(String taskId, Optional<String> taskName, Optional<String> status) {
    }

    /** A parent → child edge. */
    public record Edge(String parentId, String childId) {
    }

    /** The tasks of one chain and their edges. A child may have several parents. */
    public record Graph(String chainId, List<Node> nodes, List<Edge> edges) {
    }

    /** Snapshots in [{@code from}, {@code to}), oldest first, optionally of one queue. */
    public List<QueuePoint> depth(ProjectId project, JobEnv env, Optional<String> queue, Instant from, Instant to) {
        String sql = "SELECT * FROM job_queue_snapshots WHERE project_id = ? AND env = ?"
                + (queue.isPresent() ? " AND queue = ?" : "") + " AND occurred_at >= ? AND occurred_at < ? "
                + "ORDER BY occurred_at DESC, id DESC LIMIT ?";
        List<QueuePoint> points = store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, project.value());
                ps.setString(i++, env.id());
                if (queue.isPresent()) {
                    ps.setString(i++, queue.get());
                }
                ps.setLong(i++, from.toEpochMilli());
                ps.setLong(i++, to.toEpochMilli());
                ps.setInt(i, MAX_POINTS);
                List<QueuePoint> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new QueuePoint(rs.getString("queue"), rs.getLong("occurred_at"), rs.getLong("depth"),
                                rs.getLong("active"), rs.getLong("failed"),
                                JobRunQueries.optionalDouble(rs, "throughput_per_min"),
                                JobRunQueries.optionalDouble(rs, "latency_seconds"), Rows.optional(rs, "worker_key")));
                    }
                }
                return out;
            }
        });
        return points.reversed();
    }

    /** The lineage graph of {@code chainId}: edges recorded for the chain plus runs that named it. */
    public Graph lineage(ProjectId project, JobEnv env, String chainId) {
        return store.read(c -> {
            Map<String, Node> nodes = new LinkedHashMap<>();
            List<Edge> edges = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT parent_id, child_id, child_name FROM job_lineage "
                    + "WHERE project_id = ? AND env = ? AND chain_id = ? ORDER BY created_at, parent_id, child_id "
                    + "LIMIT 10000")) {
                ps.setString(1, project.value());
                ps.setString(2, env.id());
                ps.setString(3, chainId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        edges.add(new Edge(rs.getString(1), rs.getString(2)));
                        nodes.putIfAbsent(rs.getString(1), new Node(rs.getString(1), Optional.empty(), Optional.empty()));
                        nodes.put(rs.getString(2), new Node(rs.getString(2), Rows.optional(rs, "child_name"),
                                Optional.empty()));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT task_id, task_name, status FROM job_runs "
                    + "WHERE project_id = ? AND env = ? AND chain_id = ? LIMIT 10000")) {
                ps.setString(1, project.value());
                ps.setString(2, env.id());
                ps.setString(3, chainId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        nodes.put(rs.getString(1), new Node(rs.getString(1), Optional.of(rs.getString(2)),
                                Optional.of(rs.getString(3))));
                    }
                }
            }
            // Tasks named only as parents or children may have runs that did not name the chain.
            List<String> unknown = nodes.values().stream().filter(n -> n.status().isEmpty()).map(Node::taskId).toList();
            for (int from = 0; from < unknown.size(); from += 500) {
                List<String> chunk = unknown.subList(from, Math.min(unknown.size(), from + 500));
                try (PreparedStatement ps = c.prepareStatement("SELECT task_id, task_name, status FROM job_runs "
                        + "WHERE project_id = ? AND env = ? AND task_id IN ("
                        + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")")) {
                    ps.setString(1, project.value());
                    ps.setString(2, env.id());
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(3 + i, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            nodes.put(rs.getString(1), new Node(rs.getString(1), Optional.of(rs.getString(2)),
                                    Optional.of(rs.getString(3))));
                        }
                    }
                }
            }
            return new Graph(chainId, List.copyOf(nodes.values()), edges);
        });
    }
}
