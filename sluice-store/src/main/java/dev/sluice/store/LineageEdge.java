package dev.sluice.store;

import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.ProjectId;
import java.util.Optional;

/** A parent → child edge between task ids. */
public record LineageEdge(ProjectId project, JobEnv env, String parentId, String childId, Optional<String> chainId,
                          Optional<String> childName, long createdAt) {
}
