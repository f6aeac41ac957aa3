package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.JobSettings;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/** A project's job settings, its monthly usage and its name: what the TraceStax edge checks per request. */
public final class JobSettingsQueries {

    private final Store store;

    private JobSettingsQueries(Store store) {
        this.store = store;
    }

    /** Read service over {@code store}. */
    public static JobSettingsQueries create(Store store) {
        return new JobSettingsQueries(store);
    }

    /** The stored settings, or the defaults when none were set. */
    public JobSettings settings(ProjectId project) {
        return store.read(c -> JobSettings.read(c, project));
    }

    /** Stored live task events of {@code project} in {@code month} ({@code yyyy-MM}). */
    public long usage(ProjectId project, String month) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT events FROM job_usage WHERE project_id = ? AND month = ?")) {
                ps.setString(1, project.value());
                ps.setString(2, month);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /** The project's name. */
    public Optional<String> projectName(ProjectId project) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM projects WHERE id = ?")) {
                ps.setString(1, project.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }
}
