package dev.sluice.store;

import dev.sluice.protocol.ProjectId;

/**
 * A project: the owner of keys and of every item sent with them.
 *
 * @param number a small numeric id, for protocols whose clients expect numbers (Tailpoint's projectId)
 */
public record Project(ProjectId id, String name, long number, long createdAt) {
}
