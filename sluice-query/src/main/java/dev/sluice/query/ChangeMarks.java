package dev.sluice.query;

import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Cheap "has anything changed?" marks for live lists: each is a couple of index-only MAX lookups, so a
 * dashboard polling every few seconds costs almost nothing while nothing happens. Equal marks mean the list
 * would render the same (apart from time passing, which callers add themselves).
 */
public final class ChangeMarks {

    private final Store store;

    private ChangeMarks(Store store) {
        this.store = store;
    }

    /** Marks over {@code store}. */
    public static ChangeMarks create(Store store) {
        return new ChangeMarks(store);
    }

    /** Changes with every new occurrence of any issue of {@code project} and every status change. */
    public String issues(ProjectId project) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT MAX(last_seen) FROM issues WHERE "
                    + "project_id = ?), (SELECT MAX(status_changed_at) FROM issues WHERE project_id = ?)")) {
                ps.setString(1, project.value());
                ps.setString(2, project.value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) + "." + rs.getLong(2);
                }
            }
        });
    }

    /** Changes with every job event of {@code project} in {@code env} (a run's last seen moves with each). */
    public String jobs(ProjectId project, JobEnv env) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT MAX(last_seen) FROM job_runs WHERE project_id = ? AND env = ?")) {
                ps.setString(1, project.value());
                ps.setString(2, env.id());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Long.toString(rs.getLong(1));
                }
            }
        });
    }
}
