package dev.sluice.server.tailpoint;

import dev.sluice.protocol.ProjectId;
import dev.sluice.query.TaskQueries;
import dev.sluice.store.Project;
import dev.sluice.store.Store;
import dev.sluice.store.TaskSettings;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Task settings and project numbers on the hot path, read from the store at most once a second per project:
 * a settings change (from any node) takes effect within a second.
 */
public final class TaskSettingsCache {

    private static final long TTL_MILLIS = 1000;

    private final TaskQueries queries;
    private final Store store;
    private final Clock clock;
    private final Map<ProjectId, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(TaskSettings settings, long number, long loadedAt) {
    }

    private TaskSettingsCache(Store store, Clock clock) {
        this.store = store;
        this.queries = TaskQueries.create(store);
        this.clock = clock;
    }

    /** A cache over {@code store}. */
    public static TaskSettingsCache create(Store store, Clock clock) {
        return new TaskSettingsCache(store, clock);
    }

    TaskSettings get(ProjectId project) {
        return entry(project).settings();
    }

    long projectNumber(ProjectId project) {
        return entry(project).number();
    }

    /** Forgets {@code project}'s entry after a local change, so this node sees it at once. */
    public void invalidate(ProjectId project) {
        entries.remove(project);
    }

    private Entry entry(ProjectId project) {
        long now = clock.millis();
        Entry e = entries.get(project);
        if (e == null || now - e.loadedAt() > TTL_MILLIS) {
            long number = store.listProjects().stream().filter(p -> p.id().equals(project)).mapToLong(Project::number)
                    .findFirst().orElse(0);
            e = new Entry(queries.settings(project), number, now);
            entries.put(project, e);
        }
        return e;
    }
}
