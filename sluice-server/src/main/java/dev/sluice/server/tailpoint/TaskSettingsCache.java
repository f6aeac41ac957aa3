package dev.sluice.server.tailpoint;

import dev.sluice.protocol.ProjectId;
import dev.sluice.query.TaskQueries;
import dev.sluice.store.Project;
import dev.sluice.store.Store;
import dev.sluice.store.TaskSettings;
import dev.sluice.server.cache.RefreshingCache;
import java.time.Clock;

/**
 * Task settings and project numbers on the hot path ({@link RefreshingCache}): a settings change from any node
 * takes effect within a second, and the last settings keep serving while the store is unreachable.
 */
public final class TaskSettingsCache {

    private final RefreshingCache<ProjectId, Entry> entries;

    private record Entry(TaskSettings settings, long number) {
    }

    private TaskSettingsCache(Store store, Clock clock) {
        TaskQueries queries = TaskQueries.create(store);
        this.entries = RefreshingCache.<ProjectId, Entry>builder("task-settings", project -> new Entry(
                queries.settings(project), store.listProjects().stream().filter(p -> p.id().equals(project))
                        .mapToLong(Project::number).findFirst().orElse(0))).build();
    }

    /** A cache over {@code store}. */
    public static TaskSettingsCache create(Store store, Clock clock) {
        return new TaskSettingsCache(store, clock);
    }

    TaskSettings get(ProjectId project) {
        return entries.get(project).settings();
    }

    long projectNumber(ProjectId project) {
        return entries.get(project).number();
    }

    /** Forgets {@code project}'s entry after a local change, so this node sees it at once. */
    public void invalidate(ProjectId project) {
        entries.invalidate(project);
    }
}
