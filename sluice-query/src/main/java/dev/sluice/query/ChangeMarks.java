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

    /**
     * Changes with every stored error occurrence and every status change of {@code project}'s issues. The newest
     * occurrence id (ids grow with time; the primary key answers MAX at once) is taken over all projects: an
     * event that arrives late with an old timestamp moves no {@code last_seen} but still changes counts.
     */
    public String issues(ProjectId project) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT MAX(id) FROM error_events), "
                    + "(SELECT MAX(status_changed_at) FROM issues WHERE project_id = ?)")) {
                ps.setString(1, project.value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1) + "." + rs.getLong(2);
                }
            }
        });
    }

    /**
     * Changes with every stored job event (newest event id over all projects, from the primary key) and every
     * move of a run's last activity in {@code project}'s {@code env}.
     */
    public String jobs(ProjectId project, JobEnv env) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT MAX(id) FROM job_events), "
                    + "(SELECT MAX(last_seen) FROM job_runs WHERE project_id = ? AND env = ?)")) {
                ps.setString(1, project.value());
                ps.setString(2, env.id());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1) + "." + rs.getLong(2);
                }
            }
        });
    }
}
