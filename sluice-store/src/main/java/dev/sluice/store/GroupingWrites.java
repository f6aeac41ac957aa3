package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.util.Collection;
import java.util.Set;

/** Grouping state inside one write transaction. */
public interface GroupingWrites {

    /** The project's grouping rule ({@link GroupingSettings#defaults()} when it never chose one). */
    GroupingSettings settings(ProjectId project);

    /** Stores the project's grouping rule. */
    void putSettings(ProjectId project, GroupingSettings settings, long nowMillis);

    /** Which of {@code fingerprints} already have an issue made by rule {@code ruleVersion}. */
    Set<String> existingFingerprints(ProjectId project, int ruleVersion, Collection<String> fingerprints);
}
